package dev.tarsier.analyzers.os;

import dev.tarsier.analyzers.os.release.OsReleaseAnalyzer;
import dev.tarsier.api.spi.Analyzer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrationTest {

    private static final String SERVICE = "META-INF/services/" + Analyzer.class.getName();

    private static Path classesDir() throws URISyntaxException {
        return Path.of(OsReleaseAnalyzer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> serviceFileEntries() throws Exception {
        List<String> lines = Files.readAllLines(classesDir().resolve(SERVICE), StandardCharsets.UTF_8);
        return lines.stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void serviceFileAndModuleDescriptor_listTheSameAnalyzers() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("dev.tarsier.analyzers.os", descriptor.name());
        Set<String> provided = descriptor.provides().stream()
                .filter(p -> p.service().equals(Analyzer.class.getName()))
                .flatMap(p -> p.providers().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(serviceFileEntries(), provided);
        assertEquals(Set.of("dev.tarsier.api"), descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).filter(n -> !n.equals("java.base"))
                .collect(Collectors.toSet()));
    }

    @Test
    void serviceLoader_findsEveryAnalyzerWithUniqueIdsThroughTheRealServiceFile() throws Exception {
        List<Analyzer> loaded = ServiceLoader.load(Analyzer.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(a -> a.getClass().getName().startsWith("dev.tarsier.analyzers.os."))
                .toList();
        Set<String> classes = loaded.stream().map(a -> a.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(serviceFileEntries(), classes);
        Set<String> ids = loaded.stream().map(Analyzer::id).collect(Collectors.toSet());
        assertEquals(loaded.size(), ids.size(), "ids must be unique: " + ids);
        for (Analyzer a : loaded) {
            assertTrue(a.id().startsWith("os."), a.id());
            assertTrue(a.version() >= 1, a.id());
        }
    }

}
