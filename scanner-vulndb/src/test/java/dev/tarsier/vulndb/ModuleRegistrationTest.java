package dev.tarsier.vulndb;

import dev.tarsier.api.spi.VersionScheme;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The version schemes are registered twice, identically: service file and module-info. */
class ModuleRegistrationTest {

    @Test
    void versionSchemes_serviceFileAndModuleInfo_listTheSameClasses() throws Exception {
        Set<String> fromServices = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + VersionScheme.class.getName())) {
            assertNotNull(in, "service file missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    fromServices.add(line.strip());
                }
            }
        }
        ModuleDescriptor descriptor;
        java.nio.file.Path classes = java.nio.file.Path.of(
                VulnerabilityMatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = java.nio.file.Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("dev.tarsier.vulndb", descriptor.name());
        Set<String> fromModule = new TreeSet<>();
        descriptor.provides().stream().filter(p -> p.service().equals(VersionScheme.class.getName()))
                .forEach(p -> fromModule.addAll(p.providers()));
        assertEquals(fromServices, fromModule);
        assertEquals(Set.of("dev.tarsier.vulndb"), descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(java.util.stream.Collectors.toSet()),
                "only the public package is exported to everyone");
    }
}
