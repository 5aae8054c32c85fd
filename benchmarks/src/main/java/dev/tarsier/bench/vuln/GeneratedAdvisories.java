package dev.tarsier.bench.vuln;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic, realistically shaped advisory corpus for the benchmarks: OSV records as osv.dev
 * publishes them (summary, several hundred characters of details, CVSS vector, references,
 * aliases, GHSA-style version lists for Maven) spread over Debian 12, Alpine 3.19, AlmaLinux 9,
 * Maven and npm, written as gzipped JSON lines and compiled once into a DB cached in the temp
 * directory. Also builds the 1,000-package inventory of a typical Debian-based Java/Node image.
 */
public final class GeneratedAdvisories {

    /** Advisories generated; each affects {@link #AFFECTED_PER_ADVISORY} packages. */
    public static final int ADVISORIES = 100_000;
    /** Affected packages per advisory, so 300,000 affected-package entries in all. */
    public static final int AFFECTED_PER_ADVISORY = 3;

    static final String[] ECOSYSTEMS = {"Debian:12", "Alpine:v3.19", "AlmaLinux:9", "Maven", "npm"};
    static final int[] POOL = {12_000, 6_000, 6_000, 25_000, 20_000};

    private static final String[] WORDS = ("a an the attacker remote local crafted request response header buffer "
            + "overflow heap stack use after free null pointer dereference integer denial service memory leak "
            + "authentication bypass cross site scripting injection sql command path traversal deserialization "
            + "untrusted data parser validation certificate signature timing side channel race condition "
            + "privilege escalation arbitrary code execution via function module component library version "
            + "before allows could may cause crash infinite loop resource exhaustion sensitive information "
            + "disclosure improper handling input length check boundary xml json yaml http tls ssl server client")
            .split(" ");

    private GeneratedAdvisories() {
    }

    static String packageName(int ecosystem, int i) {
        return switch (ecosystem) {
            case 0 -> "libdeb" + i;
            case 1 -> "apkpkg" + i;
            case 2 -> "rpmpkg" + i;
            case 3 -> "org.group" + (i % 900) + ":artifact-" + i;
            default -> "npm-module-" + i;
        };
    }

    static String version(int ecosystem, int major, int minor, int patch) {
        return switch (ecosystem) {
            case 0 -> major + "." + minor + "." + patch + "-" + (1 + patch % 4) + "+deb12u" + (1 + minor % 3);
            case 1 -> major + "." + minor + "." + patch + "-r" + (patch % 5);
            case 2 -> major + "." + minor + "." + patch + "-" + (1 + patch % 9) + ".el9";
            default -> major + "." + minor + "." + patch;
        };
    }

    private static String words(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Writes the corpus as gzipped JSON lines. */
    public static void writeOsv(Path out) throws IOException {
        Random r = new Random(42);
        String[] av = {"N", "A", "L", "P"};
        String[] hl = {"H", "L", "N"};
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(out), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            for (int a = 0; a < ADVISORIES; a++) {
                int eco = a % ECOSYSTEMS.length;
                String cve = "CVE-" + (2015 + a % 10) + "-" + (10000 + a);
                String id = switch (eco) {
                    case 0 -> "DEBIAN-" + cve;
                    case 1 -> "ALPINE-" + cve;
                    case 2 -> "ALSA-" + (2019 + a % 6) + ":" + (1000 + a);
                    default -> "GHSA-" + Integer.toString(a * 7919 + 104729, 36) + "-" + Integer.toString(a % 46656, 36)
                            + "-" + Integer.toString((a * 31) % 46656, 36);
                };
                StringBuilder sb = new StringBuilder(2048);
                sb.append("{\"schema_version\":\"1.6.0\",\"id\":").append(json(id))
                        .append(",\"modified\":\"2024-0").append(1 + a % 9).append("-1").append(a % 10).append("T10:00:00Z\"")
                        .append(",\"published\":\"2023-0").append(1 + a % 9).append("-0").append(1 + a % 9).append("T00:00:00Z\"")
                        .append(",\"aliases\":[").append(json(cve)).append("]")
                        .append(",\"summary\":").append(json(words(r, 8)))
                        .append(",\"details\":").append(json(words(r, 70)))
                        .append(",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:").append(av[r.nextInt(4)])
                        .append("/AC:L/PR:N/UI:N/S:U/C:").append(hl[r.nextInt(3)]).append("/I:").append(hl[r.nextInt(3)])
                        .append("/A:").append(hl[r.nextInt(3)]).append("\"}]")
                        .append(",\"affected\":[");
                for (int k = 0; k < AFFECTED_PER_ADVISORY; k++) {
                    int p = r.nextInt(POOL[eco]);
                    int major = 1 + r.nextInt(5);
                    int minor = r.nextInt(20);
                    int fixPatch = 1 + r.nextInt(30);
                    if (k > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"package\":{\"ecosystem\":").append(json(ECOSYSTEMS[eco])).append(",\"name\":")
                            .append(json(packageName(eco, p))).append("},\"ranges\":[{\"type\":")
                            .append(eco == 4 ? "\"SEMVER\"" : "\"ECOSYSTEM\"").append(",\"events\":[{\"introduced\":")
                            .append(json(r.nextBoolean() ? "0" : version(eco, major, 0, 0))).append("},{\"fixed\":")
                            .append(json(version(eco, major, minor, fixPatch))).append("}]}]");
                    if (eco == 3) {
                        sb.append(",\"versions\":[");
                        for (int v = 0; v < 8; v++) {
                            sb.append(v > 0 ? "," : "").append(json(version(eco, major, minor, v)));
                        }
                        sb.append("]");
                    }
                    sb.append(",\"database_specific\":{\"source\":").append(json("https://github.com/advisories/" + id))
                            .append("}}");
                }
                sb.append("],\"references\":[{\"type\":\"ADVISORY\",\"url\":").append(json("https://nvd.nist.gov/vuln/detail/" + cve))
                        .append("},{\"type\":\"WEB\",\"url\":").append(json("https://example.org/security/" + id.toLowerCase()))
                        .append("},{\"type\":\"PACKAGE\",\"url\":").append(json("https://example.org/pkg/" + a)).append("}]}\n");
                w.write(sb.toString());
            }
        }
    }

    /** The generated input and compiled DB, cached in the temp directory across benchmark forks. */
    public record Corpus(Path osvGz, Path db) {
    }

    /** Returns the corpus, generating and compiling it on first use. */
    public static synchronized Corpus corpus() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tarsier-bench-vuln-v1");
            Files.createDirectories(dir);
            Path osv = dir.resolve("advisories.jsonl.gz");
            Path db = dir.resolve("advisories.db");
            if (!Files.exists(db)) {
                writeOsv(osv);
                new VulnerabilityDatabaseBuilder().source(osv).build(db);
            }
            return new Corpus(osv, db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PackageURL purl(String type, String ns, String name, String version) {
        try {
            return new PackageURL(type, ns, name, version, null, null);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A 1,000-package inventory of a Debian 12 image with a Java and a Node application: 450 deb
     * binary packages (from 300 source packages), 400 Maven artifacts, 149 npm packages and the
     * node runtime, at random versions drawn from the same space as the advisories.
     */
    public static Inventory inventory() {
        Random r = new Random(7);
        List<Package> pkgs = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            int src = r.nextInt(POOL[0]);
            String sv = version(0, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            String source = packageName(0, src);
            String name = i % 3 == 0 ? source : source + "-bin" + i;
            pkgs.add(Package.builder("deb", name, sv).purl(purl("deb", "debian", name, sv)).kind(PackageKind.OS)
                    .sourceName(source).sourceVersion(sv).location(new Location(0, "var/lib/dpkg/status")).build());
        }
        for (int i = 0; i < 400; i++) {
            String[] ga = packageName(3, r.nextInt(POOL[3])).split(":");
            String v = version(3, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            pkgs.add(Package.builder("maven", ga[1], v).purl(purl("maven", ga[0], ga[1], v)).ecosystem("Maven")
                    .location(new Location(1, "app/lib/" + ga[1] + "-" + v + ".jar")).build());
        }
        for (int i = 0; i < 149; i++) {
            String n = packageName(4, r.nextInt(POOL[4]));
            String v = version(4, 1 + r.nextInt(5), r.nextInt(20), r.nextInt(30));
            pkgs.add(Package.builder("npm", n, v).purl(purl("npm", null, n, v)).ecosystem("npm")
                    .location(new Location(2, "app/node_modules/" + n + "/package.json")).build());
        }
        pkgs.add(Package.builder(Package.TYPE_BINARY, "node", "18.12.0").purl(purl("generic", null, "node", "18.12.0"))
                .location(new Location(2, "usr/local/bin/node")).build());
        Image image = new Image("bench", "sha256:00", Optional.empty(), List.of(), List.of(
                new Layer(0, "sha256:0", Optional.empty(), Optional.empty()),
                new Layer(1, "sha256:1", Optional.empty(), Optional.empty()),
                new Layer(2, "sha256:2", Optional.empty(), Optional.empty())));
        return new Inventory(image, Optional.of(OperatingSystem.of("debian", "12")), pkgs, List.of());
    }
}
