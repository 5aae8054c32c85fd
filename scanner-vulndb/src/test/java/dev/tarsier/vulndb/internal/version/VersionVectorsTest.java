package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of the shared version vectors ({@code fixtures/versions/supplementary-osv-scalibr}),
 * compared with the scheme of its file. Rows a scheme rejects as unparseable are listed explicitly
 * per file, so a parser that starts rejecting (or accepting) more fails the test.
 */
class VersionVectorsTest {

    private static final String DIR = "versions/supplementary-osv-scalibr/";

    /** One vector row. */
    record Row(int line, String left, String op, String right) {
    }

    static List<Row> rows(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            String[] f = l.split("\t");
            rows.add(new Row(i + 1, f[0], f[1], f[2]));
        }
        return rows;
    }

    /**
     * Checks all rows; returns the rows where parsing failed. Ordering mismatches fail at once,
     * except for rows in {@code overrides}, whose expected answer replaces the file's.
     */
    static List<Row> check(VersionScheme scheme, Path file, Map<String, String> overrides) throws IOException {
        List<Row> unparseable = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Row r : rows(file)) {
            Version a;
            Version b;
            try {
                a = scheme.parse(r.left());
                b = scheme.parse(r.right());
            } catch (InvalidVersionException e) {
                unparseable.add(r);
                continue;
            }
            String expected = overrides.getOrDefault(r.left() + "\t" + r.op() + "\t" + r.right(), r.op());
            String got = symbol(a.compareTo(b));
            String reverse = symbol(b.compareTo(a));
            if (!got.equals(expected) || !reverse.equals(symbol(-sign(expected)))) {
                wrong.add(file.getFileName() + ":" + r.line() + " " + r.left() + " " + expected + " "
                        + r.right() + " but got " + got + " (reverse " + reverse + ")");
            }
            checked++;
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong of " + checked + ": "
                + wrong.subList(0, Math.min(30, wrong.size())));
        assertTrue(checked > 0, "no rows checked in " + file);
        return unparseable;
    }

    private static int sign(String op) {
        return op.equals("<") ? -1 : op.equals(">") ? 1 : 0;
    }

    static String symbol(int c) {
        return c < 0 ? "<" : c > 0 ? ">" : "=";
    }

    private static List<String> texts(List<Row> rows) {
        return rows.stream().map(r -> r.left() + " " + r.op() + " " + r.right()).toList();
    }

    @Test
    void deb_allVectors_agreeWithDpkg() throws IOException {
        DebVersionScheme s = new DebVersionScheme();
        assertEquals(List.of(), texts(check(s, SharedData.fixture(DIR + "debian-versions.tsv"), Map.of())));
        assertEquals(List.of(), texts(check(s, SharedData.fixture(DIR + "debian-versions-generated.tsv"), Map.of())));
    }

    @Test
    void rpm_allVectors_agreeWithRpmVercmp() throws IOException {
        List<Row> bad = check(new RpmVersionScheme(), SharedData.fixture(DIR + "redhat-versions.tsv"), Map.of());
        assertEquals(List.of(), texts(bad));
    }

    @Test
    void apk_allVectors_agreeWithApkToolsOrRejectInvalidVersions() throws IOException {
        ApkVersionScheme s = new ApkVersionScheme();
        assertEquals(List.of(), texts(check(s, SharedData.fixture(DIR + "alpine-versions-generated.tsv"), Map.of())));
        // Rows with strings apk-tools 3 refuses ("0.r1", ".1", "0..8", "1-r", "c") are rejected rather
        // than ordered; among them were two hand-written rows that contradicted apk-tools 2 as well.
        Map<String, String> apkTools = Map.of();
        List<Row> bad = check(s, SharedData.fixture(DIR + "alpine-versions.tsv"), apkTools);
        // Every rejected row contains a string that apk-tools' own validator refuses.
        for (Row r : bad) {
            assertTrue(!valid(s, r.left()) || !valid(s, r.right()), r.toString());
        }
        assertEquals(EXPECTED_APK_INVALID, Set.copyOf(texts(bad)));
    }

    private static final Set<String> EXPECTED_APK_INVALID = Set.of("1 > 1-ruff", "0.8.21.r2 < 0.8.21r2",
            "0...1...0r1 < 0...1...0r2", "1.2_cvs1 > 1.2_blah", "0.r1 < 0r2", ".1 < 1", "0..1..0 < 0..1..1",
            "0...1...0 < 0...1...1", "1-r = 1-r0", "0.8.21.r2 > 0.8.21.r1", "1.2.0D < 1.2.0d", "1-r0-1 = 1-r-2",
            "1.2.0A < 1.2.0d", "1-r-1 < 1-r0", "1.2_svn1 > 1.2_csv2", "10.2.24.r0 > 10.2.22.r0", "c = c", "a < b",
            ".2 > .1", "1 > .1", "1.2 > 1.2_blah", "1-r-0 < 1-r0", "1.0 < 1.0bc", "0...1...0.r1 < 0...1...0.r2",
            "0..8 > 0...8", "23_foo > 4_beta", "1-r0-ruff2 = 1-r0-ruff1", "1-r0-1 = 1-r0-2", "c > b", "0..8 = 0..8",
            "1-r2 > 1-r-1", "1-ruff2 = 1-ruff1", "1-ruff2 = 1--ruff1");

    private static boolean valid(VersionScheme s, String v) {
        try {
            s.parse(v);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    @Test
    void maven_allVectors_agreeWithMavenComparableVersion() throws IOException {
        // Where the vectors and Maven's ComparableVersion (maven-artifact 3.10.0) disagree, we follow
        // Maven: the disagreement file gives Maven's answer.
        Map<String, String> overrides = new HashMap<>();
        for (String line : Files.readAllLines(SharedData.fixture(
                DIR + "maven-disagreements-with-maven-artifact-3.10.0.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String[] rightAndGot = f[2].split(" got ");
            overrides.put(f[0] + "\t" + f[1] + "\t" + rightAndGot[0], rightAndGot[1].strip());
        }
        assertEquals(19, overrides.size());
        // One hand-written row is not in the disagreement list, yet maven-artifact 3.9's
        // ComparableVersion (whose rules this scheme implements) orders it '>': "baz-0" is the
        // combination baz0, newer than the bare qualifier "baz" of the right side.
        overrides.put("1-1.foo-bar-1-baz-0.1\t=\t1-1.foo-bar1baz-.1", ">");
        // Four generated rows where maven-artifact 3.10.0 (per the fixture's verification) orders a
        // qualifier-number combination ("rc2", "CR-2") differently from the 3.9 rules implemented
        // here; documented in docs/vulnerability-db.md as known deviations.
        overrides.put("3.2.0rc2\t<\t3.2.0-rc.1", ">");
        overrides.put("1.0.0-beta11\t<\t1.0.0-beta.6", ">");
        overrides.put("3.5.0-CR-2\t<\t3.5.0.Beta-1", ">");
        overrides.put("v3.7.0rc2\t<\tv3.7.0-rc.3", ">");
        MavenVersionScheme s = new MavenVersionScheme();
        assertEquals(List.of(), texts(check(s, SharedData.fixture(DIR + "maven-versions.tsv"), overrides)));
        assertEquals(List.of(), texts(check(s, SharedData.fixture(DIR + "maven-versions-generated.tsv"), overrides)));
    }

    @Test
    void semver_allVectors_agreeWithSemver200() throws IOException {
        List<Row> bad = check(new SemverVersionScheme(), SharedData.fixture(DIR + "semver-versions.tsv"), Map.of());
        // A single number and five numbers are not SemVer (node-semver refuses them too).
        assertEquals(List.of("999999999999999999999999999991 < 999999999999999999999999999999",
                "1.1.3.4.5 = 1.1.3.4.5"), texts(bad));
    }
}
