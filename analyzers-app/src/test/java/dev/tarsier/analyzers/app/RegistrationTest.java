package dev.tarsier.analyzers.app;

import dev.tarsier.analyzers.app.jar.JarAnalyzer;
import dev.tarsier.api.spi.Analyzer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrationTest {

    private static final String SERVICE = Analyzer.class.getName();

    private static Path classesDir() throws Exception {
        return Path.of(JarAnalyzer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> serviceFileProviders() throws Exception {
        List<String> lines = Files.readAllLines(classesDir().resolve("META-INF/services/" + SERVICE),
                StandardCharsets.UTF_8);
        return lines.stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> moduleInfoProviders() throws Exception {
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertEquals("dev.tarsier.analyzers.app", descriptor.name());
            assertEquals(Set.of("dev.tarsier.api", "java.base"),
                    descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
            return descriptor.provides().stream().filter(p -> p.service().equals(SERVICE))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void serviceFileAndModuleInfo_listTheSameAnalyzers() throws Exception {
        Set<String> services = serviceFileProviders();
        assertEquals(Set.of(
                "dev.tarsier.analyzers.app.binary.BinaryAnalyzer",
                "dev.tarsier.analyzers.app.dotnet.DepsJsonAnalyzer",
                "dev.tarsier.analyzers.app.jar.JarAnalyzer",
                "dev.tarsier.analyzers.app.node.NodeModulesAnalyzer",
                "dev.tarsier.analyzers.app.node.NodeRuntimeAnalyzer",
                "dev.tarsier.analyzers.app.node.PackageLockAnalyzer",
                "dev.tarsier.analyzers.app.node.YarnLockAnalyzer",
                "dev.tarsier.analyzers.app.php.ComposerInstalledAnalyzer",
                "dev.tarsier.analyzers.app.php.ComposerLockAnalyzer",
                "dev.tarsier.analyzers.app.ruby.GemSpecAnalyzer",
                "dev.tarsier.analyzers.app.ruby.GemfileLockAnalyzer"), services);
        assertEquals(services, moduleInfoProviders());
    }

    @Test
    void serviceLoader_findsEveryAnalyzerWithAUniqueId() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> classes = new TreeSet<>();
        for (Analyzer a : ServiceLoader.load(Analyzer.class)) {
            if (a.getClass().getPackageName().startsWith("dev.tarsier.analyzers.app")) {
                assertTrue(ids.add(a.id()), "duplicate id " + a.id());
                assertTrue(a.id().startsWith("app."), a.id());
                classes.add(a.getClass().getName());
            }
        }
        assertEquals(serviceFileProviders(), classes);
    }
}
