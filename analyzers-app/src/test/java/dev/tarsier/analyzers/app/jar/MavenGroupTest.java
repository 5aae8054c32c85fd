package dev.tarsier.analyzers.app.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest group rules on the header values of real jars from Maven Central (copied from the
 * jars' {@code META-INF/MANIFEST.MF}; the expected group is the jar's real groupId unless the row
 * says it is a known limit).
 */
class MavenGroupTest {

    private static Map<String, String> manifest(String vendorId, String bsn, String amn, String title) {
        Map<String, String> m = new HashMap<>();
        putIfSet(m, "implementation-vendor-id", vendorId);
        putIfSet(m, "bundle-symbolicname", bsn);
        putIfSet(m, "automatic-module-name", amn);
        putIfSet(m, "implementation-title", title);
        return m;
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    @ParameterizedTest(name = "{0}: {5} from {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // artifactId | Implementation-Vendor-Id | Bundle-SymbolicName | Automatic-Module-Name | Implementation-Title | group | source
        "spring-core | - | - | spring.core | spring-core | spring-core | guess",
        "spring-beans | - | - | spring.beans | spring-beans | spring-beans | guess",
        "jackson-databind | com.fasterxml.jackson.core | com.fasterxml.jackson.core.jackson-databind | - | jackson-databind | com.fasterxml.jackson.core | manifest:Implementation-Vendor-Id",
        "commons-lang3 | org.apache | org.apache.commons.lang3 | org.apache.commons.lang3 | Apache Commons Lang | org.apache.commons | manifest:Bundle-SymbolicName",
        "commons-io | org.apache | org.apache.commons.commons-io | org.apache.commons.io | Apache Commons IO | commons-io | manifest:Bundle-SymbolicName",
        "netty-common | io.netty | io.netty.common | io.netty.common | Netty/Common | io.netty | manifest:Implementation-Vendor-Id",
        "opentelemetry-sdk-logs | - | - | io.opentelemetry.sdk.logs | logs | io.opentelemetry | manifest:Automatic-Module-Name",
        "httpclient | org.apache.httpcomponents | - | org.apache.httpcomponents.httpclient | Apache HttpClient | org.apache.httpcomponents | manifest:Implementation-Vendor-Id",
        "log4j-slf4j2-impl | - | org.apache.logging.log4j.slf4j2.impl | - | SLF4J 2 Provider for Log4j API | org.apache.logging.log4j | manifest:Bundle-SymbolicName",
        "jetty-server | - | org.eclipse.jetty.server | - | - | org.eclipse.jetty | manifest:Bundle-SymbolicName",
        "guava | - | com.google.guava | com.google.common | - | com.google.guava | manifest:Bundle-SymbolicName",
        "caffeine | - | com.github.ben-manes.caffeine | com.github.benmanes.caffeine | A high performance caching library | com.github.ben-manes.caffeine | manifest:Bundle-SymbolicName",
        "objenesis | - | org.objenesis | org.objenesis | Objenesis | org.objenesis | manifest:Bundle-SymbolicName",
        "jspecify | - | org.jspecify.jspecify | - | - | org.jspecify | manifest:Bundle-SymbolicName",
        "slf4j-api | - | slf4j.api | org.slf4j | slf4j-api | slf4j-api | guess",
        "junit-jupiter-api | - | junit-jupiter-api | - | junit-jupiter-api | junit-jupiter-api | guess",
        "scala-library | - | org.scala-lang.scala-library | scala.library | - | org.scala-lang | manifest:Bundle-SymbolicName",
        // known limits, which the vulnerability DB's index corrects for the artifacts it knows:
        // a renamed project (ObjectWeb ASM is org.ow2.asm), a vendor id that names the vendor
        "asm | - | org.objectweb.asm | - | ASM, a very small and fast Java bytecode manipulation framework | org.objectweb.asm | manifest:Bundle-SymbolicName",
        "joda-time | org.joda | joda-time | - | org.joda.time | org.joda | manifest:Implementation-Vendor-Id",
    })
    void find_realManifests(String artifact, String vendorId, String bsn, String amn, String title, String group,
                            String source) {
        MavenGroup.Found found = MavenGroup.find(manifest(vendorId, bsn, amn, title), artifact);

        assertEquals(group, found.groupId());
        assertEquals(source, found.source());
    }

    @Test
    void find_bundleSymbolicNameDirectives_areIgnored() {
        assertEquals(new MavenGroup.Found("org.apache.commons", "manifest:Bundle-SymbolicName"), MavenGroup.find(
                Map.of("bundle-symbolicname", "org.apache.commons.lang3;singleton:=true"), "commons-lang3"));
    }

    @Test
    void find_vendorIdThatIsNoReverseDnsName_isNoGroup() {
        assertEquals(new MavenGroup.Found("foo", "guess"),
                MavenGroup.find(Map.of("implementation-vendor-id", "FasterXML"), "foo"));
        assertEquals(new MavenGroup.Found("foo", "guess"),
                MavenGroup.find(Map.of("implementation-vendor-id", "Sun Microsystems, Inc."), "foo"));
        assertEquals(new MavenGroup.Found("foo", "guess"), MavenGroup.find(Map.of("implementation-vendor-id", "foo"), "foo"));
    }

    @Test
    void find_nothingAtAll_isAGuess() {
        assertEquals(new MavenGroup.Found("commons-collections", "guess"), MavenGroup.find(Map.of(), "commons-collections"));
    }

    @Test
    void groupOfName_needsTheArtifactAtTheEnd() {
        assertEquals("org.springframework", MavenGroup.groupOfName("org.springframework.core", "spring-core"));
        assertNull(MavenGroup.groupOfName("com.sun.jna", "jna-platform"), "jna is the first word, never cut");
        assertNull(MavenGroup.groupOfName("dev.equo.ide", "solstice"));
        assertNull(MavenGroup.groupOfName("org.eclipse.osgi", "org.eclipse.osgi"), "the name is the artifactId");
        assertNull(MavenGroup.groupOfName("org.core", "spring-core"), "one segment left is no group");
    }

    @Test
    void isReverseDns_topLevelDomainFirst() {
        assertTrue(MavenGroup.isReverseDns("org.springframework"));
        assertTrue(MavenGroup.isReverseDns("de.siegmar"));
        assertTrue(MavenGroup.isReverseDns("jakarta.servlet"));
        assertFalse(MavenGroup.isReverseDns("spring.core"));
        assertFalse(MavenGroup.isReverseDns("org"));
        assertFalse(MavenGroup.isReverseDns("Org.Apache"));
        assertFalse(MavenGroup.isReverseDns("org..apache"));
    }
}
