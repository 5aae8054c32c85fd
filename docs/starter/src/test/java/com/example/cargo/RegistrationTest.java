package com.example.cargo;

import dev.tarsier.api.spi.Analyzer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registered twice, identically: META-INF/services (class path, plugin directories) and module-info. */
class RegistrationTest {

    private static final String SERVICE = Analyzer.class.getName();

    private static Path classes() throws Exception {
        return Path.of(CargoLockAnalyzer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void servicesFileAndModuleInfo_listTheSameProviders() throws Exception {
        Set<String> services = Files.readAllLines(classes().resolve("META-INF/services/" + SERVICE), StandardCharsets.UTF_8)
                .stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> provided = module.provides().stream().filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(CargoLockAnalyzer.class.getName()), services);
        assertEquals(services, provided);
        assertEquals(Set.of("dev.tarsier.api", "java.base"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void serviceLoader_findsTheAnalyzerWithAVendorPrefixedId() {
        Set<String> ids = ServiceLoader.load(Analyzer.class).stream().map(p -> p.get().id()).collect(Collectors.toSet());
        assertTrue(ids.contains("com.example.cargo"), ids.toString());
    }
}
