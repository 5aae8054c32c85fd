package dev.tarsier.report;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A small, realistic scanned image built by hand for report, policy and remediation tests: a
 * Debian 12 base layer with OpenSSL and zlib, a layer that installs curl, and an application layer
 * with a Spring Boot jar (log4j-core inside) and a Node.js dependency.
 */
public final class ReportFixtures {

    /** Digest of the fixture image. */
    public static final String DIGEST = "sha256:5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6";

    public static final Package LIBSSL = deb("libssl3", "3.0.11-1~deb12u2", "openssl", 0, "amd64");
    public static final Package OPENSSL = deb("openssl", "3.0.11-1~deb12u2", null, 0, "amd64");
    public static final Package ZLIB = deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", 0, "amd64");
    public static final Package CURL = deb("curl", "7.88.1-10+deb12u4", null, 1, "amd64");
    public static final Package LOG4J = Package.builder("maven", "log4j-core", "2.14.1")
            .purl(purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")).ecosystem("Maven")
            .location(new Location(2, "opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar"))
            .license("Apache-2.0").build();
    public static final Package LODASH = Package.builder("npm", "lodash", "4.17.15")
            .purl(purl("pkg:npm/lodash@4.17.15")).ecosystem("npm")
            .location(new Location(2, "opt/app/node_modules/lodash/package.json")).license("MIT").build();
    public static final Package NODE = Package.builder(Package.TYPE_BINARY, "node", "18.12.0")
            .purl(purl("pkg:generic/node@18.12.0")).location(new Location(2, "usr/local/bin/node")).build();

    /**
     * Log4Shell as the 0.2 matcher reports it: rated by NVD (the advisory record has no CVSS in this
     * fixture), in CISA's KEV catalog and with an EPSS score.
     */
    public static final Finding LOG4SHELL = new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"),
            Severity.CRITICAL, OptionalDouble.of(10.0), List.of("2.3.1", "2.12.2", "2.15.0"), LOG4J,
            Optional.of("Remote code injection in Log4j"), Optional.of("nvd"),
            Optional.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), Optional.of(LocalDate.of(2021, 12, 10)),
            Optional.of(new Finding.Epss(0.94358, 0.99957)));

    private ReportFixtures() {
    }

    /** The fixture image's inventory. */
    public static Inventory inventory() {
        Image image = new Image("docker-archive:build/app.tar", DIGEST, Optional.of("linux/amd64"),
                List.of("example/app:1.4.2"), List.of(
                new Layer(0, "sha256:61d8e0a4b57f2b3aab0d9b1d1e8c1a1fb1a2e01d5f0d3c2e6b1a0f9e8d7c6b5a", Optional.empty(),
                        Optional.of("/bin/sh -c #(nop) ADD file:4b1be1de1a1e5aa608c688cad2824587262081866180d7368feb79d33ca05953 in / ")),
                new Layer(1, "sha256:d807a1b5c3f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4", Optional.empty(),
                        Optional.of("RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* # buildkit")),
                new Layer(2, "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", Optional.empty(),
                        Optional.of("COPY build/app/ /opt/app/ # buildkit"))));
        OperatingSystem os = new OperatingSystem("debian", "12", Optional.of("bookworm"),
                Optional.of("Debian GNU/Linux 12 (bookworm)"), List.of());
        return new Inventory(image, Optional.of(os), List.of(LIBSSL, OPENSSL, ZLIB, CURL, LOG4J, LODASH, NODE),
                List.of(Diagnostic.of(Diagnostic.Severity.WARNING, "app.jar", 2, "opt/app/broken.jar",
                        "not a zip archive: bad central directory")));
    }

    /**
     * Findings on the fixture image: OS and app, fixable and not, every severity; Log4Shell is known
     * exploited with an NVD rating and EPSS, CVE-2021-45046 carries the advisory's own vector.
     */
    public static List<Finding> findings() {
        return List.of(
                finding("CVE-2024-0727", List.of("DSA-5621-1"), Severity.MEDIUM, 5.5, List.of("3.0.13-1~deb12u1"), LIBSSL,
                        "PKCS12 decoding crashes"),
                finding("CVE-2024-0727", List.of("DSA-5621-1"), Severity.MEDIUM, 5.5, List.of("3.0.13-1~deb12u1"), OPENSSL,
                        "PKCS12 decoding crashes"),
                finding("CVE-2023-5678", List.of(), Severity.HIGH, 7.5, List.of("3.0.11-1~deb12u3"), LIBSSL,
                        "Excessive time spent in DH check"),
                finding("CVE-2023-45853", List.of(), Severity.CRITICAL, 9.8, List.of(), ZLIB,
                        "Integer overflow in MiniZip"),
                finding("CVE-2024-2398", List.of(), Severity.UNKNOWN, null, List.of("7.88.1-10+deb12u6"), CURL, null),
                LOG4SHELL,
                new Finding("CVE-2021-45046", List.of("GHSA-7rjr-3q55-vv33"), Severity.CRITICAL, OptionalDouble.of(9.0),
                        List.of("2.12.2", "2.16.0"), LOG4J, Optional.of("Incomplete fix for CVE-2021-44228"),
                        Optional.of("advisory"), Optional.of("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H"),
                        Optional.empty(), Optional.empty()),
                finding("CVE-2020-8203", List.of("GHSA-p6mc-m468-83gw"), Severity.HIGH, 7.4, List.of("4.17.19"), LODASH,
                        "Prototype pollution in lodash"),
                finding("CVE-2021-23337", List.of("GHSA-35jh-r3h4-6jhm"), Severity.HIGH, 7.2, List.of("4.17.21"), LODASH,
                        "Command injection in lodash"),
                finding("CVE-2023-30581", List.of(), Severity.LOW, 3.1, List.of("18.16.1", "20.3.1"), NODE,
                        "mainModule.__proto__ bypasses experimental policy"));
    }

    /** A finding built by hand. */
    public static Finding finding(String id, List<String> aliases, Severity severity, Double score,
                                  List<String> fixed, Package pkg, String summary) {
        return new Finding(id, aliases, severity, score == null ? OptionalDouble.empty() : OptionalDouble.of(score),
                fixed, pkg, Optional.ofNullable(summary));
    }

    /** The same finding, listed in CISA's KEV catalog since {@code dateAdded}. */
    public static Finding exploited(Finding f, LocalDate dateAdded) {
        return new Finding(f.id(), f.aliases(), f.severity(), f.cvssScore(), f.fixedVersions(), f.pkg(), f.summary(),
                f.severitySource(), f.cvssVector(), Optional.of(dateAdded), f.epss());
    }

    /** A dpkg package of the fixture's Debian 12. */
    public static Package deb(String name, String version, String source, int layer, String arch) {
        return Package.builder("deb", name, version)
                .purl(purl("pkg:deb/debian/" + name + "@" + version + "?arch=" + arch + "&distro=debian-12"))
                .kind(PackageKind.OS).sourceName(source).location(new Location(layer, "var/lib/dpkg/status"))
                .property(Package.PROPERTY_ARCH, arch).build();
    }

    /** Parses a PURL that the test knows to be valid. */
    public static PackageURL purl(String s) {
        try {
            return new PackageURL(s);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** UTF-8 bytes of a string as a stream. */
    public static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
