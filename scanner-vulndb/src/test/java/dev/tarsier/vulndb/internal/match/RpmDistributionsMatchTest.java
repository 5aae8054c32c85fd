package dev.tarsier.vulndb.internal.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.SharedData;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real package lists of rpm distributions matched against OSV records shaped like their
 * publishers' (id, ecosystem spelling, version style): SUSE's BCI 15 SP3 image (go-rpmdb's
 * {@code sle15-bci} NDB fixture, as its expected output lists it), where advisories filed under a
 * module and a support phase reach a {@code sles 15.3} image and those of another service pack or
 * of openSUSE Leap do not; and CBL-Mariner 2.0 ({@code cbl-mariner-2.0}, as {@code rpm -qa} lists
 * it), matched under either of its names.
 */
class RpmDistributionsMatchTest {

    private Path dir;
    private VulnerabilityDatabase db;

    private static String record(String id, String ecosystem, String name, String fixed) {
        return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2024-05-01T00:00:00Z\","
                + "\"aliases\":[],\"summary\":\"" + id + "\",\"affected\":[{\"package\":{\"ecosystem\":\""
                + ecosystem + "\",\"name\":\"" + name + "\",\"purl\":\"pkg:rpm/suse/" + name + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}";
    }

    @BeforeEach
    void build() throws IOException {
        dir = Files.createTempDirectory("tarsier-suse");
        Path osv = Files.createDirectories(dir.resolve("osv"));
        List<String> records = List.of(
                record("SUSE-SU-2022:1", "SUSE:Linux Enterprise Module for Basesystem 15 SP3", "zlib", "1.2.11-3.24.1"),
                record("SUSE-SU-2023:2", "SUSE:Linux Enterprise Server 15 SP3-LTSS", "glibc", "2.31-150300.46.1"),
                record("SUSE-SU-2023:3", "SUSE:Linux Enterprise Server 15 SP4", "bash", "4.4-150400.27.3.2"),
                record("openSUSE-SU-2023:4", "openSUSE:Leap 15.3", "bash", "4.4-150300.19.9.1"),
                record("SUSE-SU-2021:5", "SUSE:Linux Enterprise Module for Basesystem 15 SP3", "bash", "4.4-19.6.1"),
                record("CBL-Mariner-2022-1", "Mariner:2.0", "curl", "7.76.0-7.cm2"),
                record("AZL-2024-2", "Azure Linux:3.0", "openssl", "3.3.2-1.azl3"));
        for (int i = 0; i < records.size(); i++) {
            Files.writeString(osv.resolve(i + ".json"), records.get(i));
        }
        new VulnerabilityDatabaseBuilder().source(osv).build(dir.resolve("suse.db"));
        db = VulnerabilityDatabase.open(dir.resolve("suse.db"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (db != null) {
            db.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The BCI image's packages, source name and version from the source RPM file name. */
    private static List<Package> bciPackages() throws IOException {
        Path expected = SharedData.fixture("pkgdb/rpm/sle15-bci/expected.go-rpmdb.json");
        JsonNode root = new ObjectMapper().readTree(expected.toFile());
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : root.path("packages")) {
            String srpm = p.path("sourceRpm").asText();
            if (srpm.isEmpty()) {
                continue;
            }
            String epoch = p.path("epoch").isNull() ? "" : p.path("epoch").asText() + ":";
            packages.add(fromSourceRpm(p.path("name").asText(),
                    epoch + p.path("version").asText() + "-" + p.path("release").asText(), srpm));
        }
        return packages;
    }

    /** An rpm package whose source name and version are those of its source RPM file name. */
    private static Package fromSourceRpm(String name, String version, String srpm) {
        String nvr = srpm.substring(0, srpm.length() - ".src.rpm".length());
        int release = nvr.lastIndexOf('-');
        int sourceVersion = nvr.lastIndexOf('-', release - 1);
        return Inventories.rpm(name, version, nvr.substring(0, sourceVersion), nvr.substring(sourceVersion + 1));
    }

    @Test
    void bci15sp3_matchesModuleAndLtssAdvisoriesOfItsServicePackOnly() throws IOException {
        List<Package> packages = bciPackages();
        VulnerabilityMatchResult r = new VulnerabilityMatcher(db)
                .match(Inventories.of(OperatingSystem.of("sles", "15.3"), packages));
        assertEquals(List.of("glibc SUSE-SU-2023:2 [2.31-150300.46.1]", "libz1 SUSE-SU-2022:1 [1.2.11-3.24.1]"),
                r.findings().stream().map(RpmDistributionsMatchTest::summary).sorted().toList());
        assertEquals(List.of(), r.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void leap153_matchesOnlyOpenSuseRecords() throws IOException {
        VulnerabilityMatchResult r = new VulnerabilityMatcher(db)
                .match(Inventories.of(OperatingSystem.of("opensuse-leap", "15.3"), bciPackages()));
        // libreadline7 is built from the bash source package
        assertEquals(List.of("bash openSUSE-SU-2023:4 [4.4-150300.19.9.1]",
                "libreadline7 openSUSE-SU-2023:4 [4.4-150300.19.9.1]"),
                r.findings().stream().map(RpmDistributionsMatchTest::summary).sorted().toList());
    }

    /** CBL-Mariner 2.0's packages as {@code rpm -qa} lists them, the source from the source RPM. */
    private static List<Package> marinerPackages() throws IOException {
        Path tsv = SharedData.fixture("pkgdb/rpm/cbl-mariner-2.0/expected.rpm-qa.tsv");
        List<Package> packages = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (line.startsWith("#") || f.length < 6 || !f[5].endsWith(".src.rpm")) {
                continue;
            }
            String epoch = f[0].equals("(none)") ? "" : f[0] + ":";
            packages.add(fromSourceRpm(f[1], epoch + f[2] + "-" + f[3], f[5]));
        }
        return packages;
    }

    @Test
    void mariner20_matchesMarinerRecordsNotAzureLinux3() throws IOException {
        VulnerabilityMatchResult r = new VulnerabilityMatcher(db)
                .match(Inventories.of(OperatingSystem.of("mariner", "2.0"), marinerPackages()));
        assertEquals(List.of("curl CBL-Mariner-2022-1 [7.76.0-7.cm2]", "curl-libs CBL-Mariner-2022-1 [7.76.0-7.cm2]"),
                r.findings().stream().map(RpmDistributionsMatchTest::summary).sorted().toList());
    }

    private static String summary(Finding f) {
        return f.pkg().name() + " " + f.id() + " " + f.fixedVersions();
    }
}
