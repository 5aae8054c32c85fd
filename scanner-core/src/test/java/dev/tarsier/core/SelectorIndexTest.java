package dev.tarsier.core;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.core.internal.walk.SelectorIndex;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorIndexTest {

    private record Fixed(String id, FileSelector selector) implements Analyzer {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void analyze(AnalyzerInput input, ResultSink sink) {
        }
    }

    private static final List<Analyzer> ANALYZERS = List.of(
            new Fixed("paths", FileSelector.builder().paths("var/lib/dpkg/status", "etc/os-release").build()),
            new Fixed("names", FileSelector.builder().fileNames("package.json", "node").build()),
            new Fixed("suffixes", FileSelector.builder().suffixes(".jar", ".tar.gz", "-release").build()),
            new Fixed("globs", FileSelector.builder().globs("var/lib/dpkg/status.d/*", "**/node_modules/**/package.json",
                    "usr/lib/sysimage/rpm/rpmdb.sqlite*", "**/*.list", "opt/**", "*/x?z/*.txt").build()));

    private static final List<String> PATHS = List.of(
            "var/lib/dpkg/status", "var/lib/dpkg/status.d/libc6", "var/lib/dpkg/status.d/sub/x", "etc/os-release",
            "usr/lib/os-release", "etc/alpine-release", "release", "app/package.json", "package.json",
            "app/node_modules/a/package.json", "node_modules/@s/b/package.json", "app/node_modules/package.json",
            "usr/local/bin/node", "usr/bin/nodejs", "opt/app.jar", "lib/x.JAR", "x.tar.gz", "a/b.gz",
            "usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite-wal",
            "var/lib/dpkg/info/libc6:amd64.list", "x.list", "opt", "opt/a/b/c", "optx/a", "a/xyz/t.txt",
            "a/xz/t.txt", "a/b/xyz/t.txt", "jar", ".jar");

    @Test
    void select_agreesWithReferenceMatching() {
        SelectorIndex index = new SelectorIndex(ANALYZERS);
        for (String path : PATHS) {
            BitSet expected = new BitSet();
            for (int i = 0; i < ANALYZERS.size(); i++) {
                if (ANALYZERS.get(i).selector().matches(path)) {
                    expected.set(i);
                }
            }
            assertEquals(expected, index.select(path), path);
        }
    }

    @Test
    void select_unclaimedExecutables_onlyWhenNoAnalyzerSelectsThePathByItsRules() {
        List<Analyzer> analyzers = new java.util.ArrayList<>(ANALYZERS);
        analyzers.add(new Fixed("binaries", FileSelector.builder().unclaimedExecutables().build()));
        SelectorIndex index = new SelectorIndex(analyzers);
        int binaries = analyzers.size() - 1;
        BitSet onlyBinaries = new BitSet();
        onlyBinaries.set(binaries);
        assertEquals(onlyBinaries, index.select("usr/local/bin/kubectl", 0755));
        assertEquals(onlyBinaries, index.select("app/server", 0100));
        assertTrue(index.select("usr/local/bin/kubectl", 0644).isEmpty());
        assertTrue(index.select("usr/local/bin/kubectl").isEmpty());
        // claimed by name or suffix: the executable rule stays out (no shared buffering of node or a jar)
        assertEquals(index.select("usr/local/bin/node"), index.select("usr/local/bin/node", 0755));
        assertFalse(index.select("usr/local/bin/node", 0755).get(binaries));
        assertFalse(index.select("opt/app.jar", 0755).get(binaries));
        for (String path : PATHS) {
            BitSet expected = new BitSet();
            for (int i = 0; i < analyzers.size(); i++) {
                if (analyzers.get(i).selector().matches(path)) {
                    expected.set(i);
                }
            }
            if (expected.isEmpty() && analyzers.get(binaries).selector().matches(path, 0755)) {
                expected.set(binaries);
            }
            assertEquals(expected, index.select(path, 0755), path);
        }
    }

    @Test
    void globs_followTheDocumentedSyntax() {
        FileSelector s = ANALYZERS.get(3).selector();
        assertEquals(true, s.matches("var/lib/dpkg/status.d/libc6"));
        assertEquals(false, s.matches("var/lib/dpkg/status.d/sub/x"));
        assertEquals(true, s.matches("node_modules/@s/b/package.json"));
        assertEquals(false, s.matches("app/package.json"));
        assertEquals(true, s.matches("x.list"));
        assertEquals(true, s.matches("opt/a/b/c"));
        assertEquals(false, s.matches("optx/a"));
        assertEquals(true, s.matches("a/xyz/t.txt"));
        assertEquals(false, s.matches("a/b/xyz/t.txt"));
    }
}
