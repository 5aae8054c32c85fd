package dev.tarsier.analyzers.python;

import dev.tarsier.analyzers.python.pep440.Pep440VersionScheme;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.VersionScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

/** The module is registered twice, identically: META-INF/services and module-info. */
class RegistrationTest {

    private static Path classesDir() throws Exception {
        return Path.of(PythonPackageAnalyzer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> serviceFile(String service) throws Exception {
        return Files.readAllLines(classesDir().resolve("META-INF/services/" + service), StandardCharsets.UTF_8)
                .stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ModuleDescriptor descriptor() throws Exception {
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    private static Set<String> moduleInfo(String service) throws Exception {
        return descriptor().provides().stream().filter(p -> p.service().equals(service))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev.tarsier.api.spi.Analyzer", "dev.tarsier.api.spi.VersionScheme"})
    void serviceFileAndModuleInfo_listTheSameProviders(String service) throws Exception {
        Set<String> services = serviceFile(service);
        assertEquals(1, services.size(), "one provider of " + service + ": " + services);
        assertEquals(services, moduleInfo(service));
    }

    @Test
    void moduleInfo_requiresTheApiOnly() throws Exception {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.tarsier.analyzers.python", d.name());
        assertEquals(Set.of("dev.tarsier.api", "java.base"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void serviceLoader_findsTheAnalyzerAndTheScheme() {
        Set<String> analyzers = ServiceLoader.load(Analyzer.class).stream()
                .map(p -> p.get().id()).collect(Collectors.toSet());
        assertTrue(analyzers.contains(PythonPackageAnalyzer.ID), analyzers.toString());
        Set<String> schemes = ServiceLoader.load(VersionScheme.class).stream()
                .filter(p -> p.type() == Pep440VersionScheme.class)
                .map(p -> p.get().id()).collect(Collectors.toSet());
        assertEquals(Set.of("pep440"), schemes);
    }
}
