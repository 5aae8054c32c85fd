package dev.tarsier.analyzers.app.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarIdentityTest {

    @ParameterizedTest
    @CsvSource({
            "log4j-core-2.14.1, log4j-core, 2.14.1",
            "log4j-1.2-api-2.17.1, log4j-1.2-api, 2.17.1",
            "guava-31.1-jre, guava, 31.1-jre",
            "spring-boot-3.0.0-SNAPSHOT, spring-boot, 3.0.0-SNAPSHOT",
            "bcprov-jdk15on-1.70, bcprov-jdk15on, 1.70",
            "jetty-server-9.4.48.v20220622, jetty-server, 9.4.48.v20220622",
            "netty-tcnative-boringssl-static-2.0.54.Final-linux-x86_64, netty-tcnative-boringssl-static, 2.0.54.Final-linux-x86_64",
            "jul-to-slf4j-1.7.36, jul-to-slf4j, 1.7.36"})
    void splitNameVersion_realFileNames_splitAtTheLastDashBeforeADigit(String base, String name, String version) {
        assertArrayEquals(new String[] {name, version}, JarIdentity.splitNameVersion(base));
    }

    @Test
    void splitNameVersion_noVersion_isNull() {
        assertNull(JarIdentity.splitNameVersion("app"));
        assertNull(JarIdentity.splitNameVersion("spring-boot-loader"));
        assertNull(JarIdentity.splitNameVersion("-1"));
    }

    @Test
    void fromManifestOrFileName_decoratedManifestVersion_loosesToTheFileNameVersion() {
        Coordinates c = JarIdentity.fromManifestOrFileName(Map.of("implementation-version", "5.13.0 (b0)",
                "bundle-symbolicname", "com.sun.jna", "bundle-version", "5.13.0"), "jna-5.13.0.jar");

        assertEquals(new Coordinates("com.sun.jna", "jna", "5.13.0", "file-name", "manifest:Bundle-SymbolicName"), c);
    }

    @Test
    void fromManifestOrFileName_fileNameWithoutVersion_takesTheManifestVersionsFirstWord() {
        Coordinates c = JarIdentity.fromManifestOrFileName(Map.of("implementation-version", "5.13.0 (b0)",
                "implementation-title", "jna"), "native.jar");

        assertEquals(new Coordinates("jna", "jna", "5.13.0", "manifest", "guess"), c);
    }

    @Test
    void fromManifestOrFileName_symbolicNameEqualToGroupPlusArtifact_keepsAMultiSegmentGroup() {
        assertEquals("org.objenesis", JarIdentity.fromManifestOrFileName(
                Map.of("bundle-symbolicname", "org.objenesis"), "objenesis-3.3.jar").groupId());
        assertEquals("com.fasterxml.jackson.core", JarIdentity.fromManifestOrFileName(
                Map.of("bundle-symbolicname", "com.fasterxml.jackson.core.jackson-databind"),
                "jackson-databind-2.13.4.jar").groupId());
    }

    @Test
    void manifestMainSection_joinsContinuationLinesAndStopsAtTheFirstBlankLine() {
        String mf = "Manifest-Version: 1.0\r\nImplementation-Title: a-very-long-title-that-the-72-byte-rule-brea\r\n"
                + " ks-in-two\r\nImplementation-Version: 1.0\r\n\r\nName: x/Y.class\r\nImplementation-Version: 9.9\r\n";

        Map<String, String> main = JarIdentity.manifestMainSection(mf.getBytes(StandardCharsets.UTF_8));

        assertEquals("a-very-long-title-that-the-72-byte-rule-breaks-in-two", main.get("implementation-title"));
        assertEquals("1.0", main.get("implementation-version"));
    }

    @Test
    void isPomProperties_onlyTheMavenArchiverLayout() {
        assertTrue(JarIdentity.isPomProperties("META-INF/maven/g/a/pom.properties"));
        assertFalse(JarIdentity.isPomProperties("META-INF/maven/g/pom.properties"));
        assertFalse(JarIdentity.isPomProperties("BOOT-INF/classes/META-INF/maven/g/a/pom.properties"));
        assertFalse(JarIdentity.isPomProperties("META-INF/maven/g/a/b/pom.properties"));
    }
}
