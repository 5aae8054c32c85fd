package dev.tarsier.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionCompareCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(VersionCompareCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void compare_debTilde_printsLessThan() {
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "deb", "1.0~rc1", "1.0"));
        assertEquals("<\n", out.toString());
    }

    @Test
    void compare_eachScheme_printsAnswer() {
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "maven", "1.0-SNAPSHOT", "1.0"));
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "rpm", "1:1.0", "2.0"));
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "apk", "1.0-r1", "1.0-r01"));
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "semver", "1.0.0-rc.1", "1.0.0"));
        assertEquals("<\n>\n=\n<\n", out.toString());
    }

    @Test
    void compare_edgesOfIssue14_followThePackageManagers() {
        VersionCompareCommand deb = new VersionCompareCommand().withInput(new ByteArrayInputStream(
                "0:a-0 0:b-0\n0:abc3-0 0:0abc3-0\n0:0-0:0 0:0-0\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run(deb, "--scheme", "deb", "-"));
        VersionCompareCommand apk = new VersionCompareCommand().withInput(new ByteArrayInputStream(
                "1.0~1234-r1 1.0~2345-r0\n1.0~1234-r1 1.0~1234-r0\n8.2.0 8.2.001\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run(apk, "--scheme", "apk", "-"));
        VersionCompareCommand maven = new VersionCompareCommand().withInput(new ByteArrayInputStream(
                "1-ga 1\n1.0.0.RELEASE 1\n1-sp1 1\n1-0.1 1\n1.0-alpha10 1.0-alpha2\n2.0.a 2.0\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run(maven, "--scheme", "maven", "-"));
        assertEquals("<\n>\n>\n" + "<\n>\n<\n" + "=\n=\n>\n>\n>\n>\n", out.toString());
        assertEquals(2, run(new VersionCompareCommand(), "--scheme", "apk", "1.0~", "1.0"));
        assertTrue(err.toString().contains("empty commit hash"), err.toString());
    }

    @Test
    void compare_invalidVersion_exitsTwoWithOneLineError() {
        assertEquals(2, run(new VersionCompareCommand(), "--scheme", "semver", "1.2", "1.2.0"));
        assertEquals("", out.toString());
        assertEquals(1, err.toString().strip().lines().count());
        assertTrue(err.toString().contains("invalid semver version '1.2'"), err.toString());
    }

    @Test
    void compare_unknownScheme_exitsTwo() {
        assertEquals(2, run(new VersionCompareCommand(), "--scheme", "pip", "1", "2"));
        assertTrue(err.toString().contains("unknown scheme 'pip' (known: apk, composer, deb, gem, go, maven, nuget, pep440, rpm, semver)"),
                err.toString());
    }

    @Test
    void compare_rubyGemsComposerAndNuGetSchemes() {
        VersionCompareCommand c = new VersionCompareCommand().withInput(new ByteArrayInputStream(
                "1.0.a 1.0\n1.0 1.0.0\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run(c, "--scheme", "gem", "-"));
        assertEquals("<\n=\n", out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "composer", "v1.0.0-p1", "1.0.0.1"));
        assertEquals("<", out.toString().strip());
        out.getBuffer().setLength(0);
        assertEquals(0, run(new VersionCompareCommand(), "--scheme", "nuget", "1.0.0-RC.1", "1.0.0-rc.1"));
        assertEquals("=", out.toString().strip());
    }

    @Test
    void compare_missingScheme_isUsageError() {
        assertEquals(2, run(new VersionCompareCommand(), "1", "2"));
    }

    @Test
    void compare_stdinPairs_answersOneLinePerPair() {
        VersionCompareCommand c = new VersionCompareCommand().withInput(new ByteArrayInputStream(
                "1.0 1.1\n2.0 2.0\n1:0 9\nbad\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, run(c, "--scheme", "deb", "-"));
        assertEquals("<\n=\n>\n?\n", out.toString());
        assertTrue(err.toString().contains("line 4"), err.toString());
    }
}
