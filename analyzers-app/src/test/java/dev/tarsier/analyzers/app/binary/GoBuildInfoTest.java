package dev.tarsier.analyzers.app.binary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoBuildInfoTest {

    @Test
    void parse_goVersionMOutput_withQuotedSettingsAndBothReplacementKinds() {
        String text = String.join("\n",
                "go\tgo1.21.5",
                "path\tgithub.com/acme/tool/cmd/tool",
                "mod\tgithub.com/acme/tool\tv1.4.0\th1:abc=",
                "dep\tgithub.com/a/b\tv1.0.0\th1:x=",
                "=>\tgithub.com/fork/b\tv1.0.1\th1:y=",
                "dep\tgithub.com/c/d\tv2.0.0+incompatible\th1:z=",
                "=>\t../d\t",
                "dep\tgolang.org/x/net\tv0.0.0-20220906165146-f3363e06e74c\th1:w=",
                "build\t-ldflags=\"-s -w -X main.version=1.4.0\"",
                "build\t\"-key with space\"=value",
                "build\tCGO_ENABLED=0",
                "build\tvcs.revision=0123abcd",
                "");
        List<String> problems = new ArrayList<>();
        GoBuildInfo info = GoBuildInfo.parse(text, problems);
        assertEquals(List.of(), problems);
        assertEquals("github.com/acme/tool/cmd/tool", info.path());
        assertEquals(new GoBuildInfo.Module("github.com/acme/tool", "v1.4.0", null), info.main());
        assertEquals(3, info.deps().size());
        assertEquals(new GoBuildInfo.Module("github.com/fork/b", "v1.0.1", null), info.deps().get(0).replacement());
        assertEquals(new GoBuildInfo.Module("../d", "", null), info.deps().get(1).replacement());
        assertNull(info.deps().get(2).replacement());
        assertEquals(Map.of("-ldflags", "-s -w -X main.version=1.4.0", "-key with space", "value",
                "CGO_ENABLED", "0", "vcs.revision", "0123abcd"), info.settings());
    }

    @Test
    void parse_malformedLines_areCountedAndSkipped() {
        List<String> problems = new ArrayList<>();
        GoBuildInfo info = GoBuildInfo.parse("=>\tx\tv1\ndep\tonly-path\nbuild\t\"unterminated\nbuild\nmod\tm\tv1.0.0\n", problems);
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("m", info.main().path());
        assertTrue(info.deps().isEmpty());
    }

    @Test
    void stripSentinels_onlyWhenWrapped() {
        String wrapped = "0123456789abcdef" + "path\tx\n" + "fedcba9876543210";
        assertEquals("path\tx\n", GoBuildInfo.stripSentinels(wrapped));
        assertEquals("path\tx\n", GoBuildInfo.stripSentinels("path\tx\n"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "go1.20.12, 1.20.12", "go1.20, 1.20.0", "go1.21rc2, 1.21.0-rc.2", "go1.9beta1, 1.9.0-beta.1",
            "go1.21.0 X:boringcrypto, 1.21.0", "devel go1.22-abcdef, -", "1.20.1, -", "go, -"})
    void toolchainSemver(String go, String expected) {
        assertEquals(Optional.ofNullable(expected), GoBuildInfo.toolchainSemver(go));
    }
}
