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
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Canonical's real OSV records ({@code osv-more/ubuntu}): an Ubuntu LTS image is matched against
 * the {@code Ubuntu:Pro:<version>:LTS} records too, so a universe package whose advisory exists only
 * for Pro (netty on 18.04) is not reported clean.
 */
class UbuntuProMatchTest {

    private static OsvMoreDb db;

    @BeforeAll
    static void build() throws IOException {
        db = OsvMoreDb.of("ubuntu");
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
}
