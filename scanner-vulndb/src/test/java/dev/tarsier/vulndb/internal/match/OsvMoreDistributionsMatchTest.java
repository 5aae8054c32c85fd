package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Finding;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.tarsier.vulndb.internal.match.Inventories.deb;
import static dev.tarsier.vulndb.internal.match.Inventories.rpm;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real distribution OSV records ({@code osv-more/ubuntu}, {@code osv-more/rocky-linux}): an Ubuntu
 * LTS image is matched against the {@code Ubuntu:Pro:<version>:LTS} records too, so a universe
 * package whose advisory exists only for Pro (netty on 18.04) is not reported clean; Rocky Linux
 * keeps its own per-major ecosystems, modular versions included.
 */
class OsvMoreDistributionsMatchTest {

    private static OsvMoreDb db;

    @BeforeAll
    static void build() throws IOException {
        db = OsvMoreDb.of("ubuntu", "rocky-linux");
    }

    @AfterAll
    static void close() throws IOException {
        if (db != null) {
            db.close();
        }
    }

    private static List<String> summaries(VulnerabilityMatchResult r) {
        return r.findings().stream().map(f -> f.pkg().name() + " " + f.id() + " " + f.fixedVersions()).toList();
    }

    @Test
    void bionic_universePackageWithOnlyAProRecord_isFoundWithItsEsmFix() throws IOException {
        VulnerabilityMatchResult r = db.matcher().match(Inventories.of(OperatingSystem.of("ubuntu", "18.04"), List.of(
                deb("libnetty-java", "1:4.1.7-4", "netty", "1:4.1.7-4"),
                deb("libwayland-client0", "1.16.0-1ubuntu1.1~18.04.3", "wayland", "1.16.0-1ubuntu1.1~18.04.3"))));
        assertEquals(List.of("libnetty-java CVE-2022-24823 [1:4.1.7-4ubuntu0.1+esm3]",
                "libwayland-client0 CVE-2021-3782 [1.16.0-1ubuntu1.1~18.04.4]"), summaries(r));
        assertEquals(List.of(), r.diagnostics());
    }

    @Test
    void bionic_proFixInstalled_isNotAFinding() throws IOException {
        VulnerabilityMatchResult r = db.matcher().match(Inventories.of(OperatingSystem.of("ubuntu", "18.04"), List.of(
                deb("libnetty-java", "1:4.1.7-4ubuntu0.1+esm3", "netty", "1:4.1.7-4ubuntu0.1+esm3"))));
        assertEquals(List.<Finding>of(), r.findings());
    }

    @Test
    void rocky8_matchesRocky8RecordsThroughTheSourceRpmAndNotRocky9Ones() throws IOException {
        VulnerabilityMatchResult r = db.matcher().match(Inventories.of(OperatingSystem.of("rocky", "8.4"), List.of(
                rpm("java-11-openjdk-headless", "1:11.0.12.0.7-0.el8_4", "java-11-openjdk", "11.0.12.0.7-0.el8_4"),
                rpm("ruby", "3.3.0-1.module+el8.4.0+1+abc", "ruby", "3.3.0-1.module+el8.4.0+1+abc"))));
        assertEquals(List.of("java-11-openjdk-headless RLSA-2021:3891 [1:11.0.13.0.8-1.el8_4]"),
                summaries(r).stream().filter(s -> s.startsWith("java")).toList());
        assertEquals(List.of(), summaries(r).stream().filter(s -> s.startsWith("ruby ")).toList());
    }

    @Test
    void rocky9_modularRubyBelowTheModularFix_isAFinding() throws IOException {
        VulnerabilityMatchResult r = db.matcher().match(Inventories.of(OperatingSystem.of("rocky", "9.4"), List.of(
                rpm("ruby", "3.3.0-1.module+el9.4.0+20000+aaaaaaaa", "ruby", "3.3.0-1.module+el9.4.0+20000+aaaaaaaa"))));
        assertEquals(List.of("0:3.3.1-2.module+el9.4.0+20787+4c237fd3"),
                r.findings().stream().map(f -> f.fixedVersions().get(0)).distinct().toList());
    }
}
