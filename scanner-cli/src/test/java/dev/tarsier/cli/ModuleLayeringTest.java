package dev.tarsier.cli;

import dev.tarsier.api.Inventory;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.report.Report;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library modules depend on each other one way only: {@code scanner-api} at the bottom;
 * {@code scanner-core} (image → inventory) and {@code scanner-vulndb} (what is vulnerable) on the
 * API alone and not on each other; {@code scanner-report} on the API and the DB module; analyzers
 * and the test kit on the API alone. Checked twice: in the POMs (in every scope, so that not even
 * a test couples core and vulndb; only the test kit, and the scanner for analyzers' pipeline tests,
 * are allowed in test scope) and in the compiled module descriptors.
 */
class ModuleLayeringTest {

    /** Tarsier modules each library module may depend on (in its POM and its module-info). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("scanner-api", Set.of()),
            Map.entry("scanner-core", Set.of("scanner-api")),
            Map.entry("scanner-vulndb", Set.of("scanner-api")),
            Map.entry("scanner-report", Set.of("scanner-api", "scanner-vulndb")),
            Map.entry("analyzers-os", Set.of("scanner-api")),
            Map.entry("analyzers-app", Set.of("scanner-api")),
            Map.entry("analyzers-python", Set.of("scanner-api")),
            Map.entry("scanner-testkit", Set.of("scanner-api")),
            Map.entry("scanner-harbor", Set.of("scanner-core", "scanner-vulndb", "scanner-report")),
            Map.entry("scanner-spark", Set.of("scanner-core", "scanner-vulndb", "scanner-report", "analyzers-os",
                    "analyzers-app", "analyzers-python")));

    /** Integrations: they depend on the libraries; nothing but the CLI depends on them (on scanner-spark, not even the CLI). */
    private static final Set<String> INTEGRATIONS = Set.of("scanner-harbor", "scanner-spark");

    private static final Map<String, String> MODULE_NAMES = Map.of(
            "scanner-api", "dev.tarsier.api",
            "scanner-core", "dev.tarsier.core",
            "scanner-vulndb", "dev.tarsier.vulndb",
            "scanner-report", "dev.tarsier.report",
            "analyzers-os", "dev.tarsier.analyzers.os",
            "analyzers-app", "dev.tarsier.analyzers.app",
            "analyzers-python", "dev.tarsier.analyzers.python",
            "scanner-testkit", "dev.tarsier.testkit",
            "scanner-harbor", "dev.tarsier.harbor");

    @Test
    void poms_dependOnlyDownwards() throws Exception {
        Path root = repositoryRoot();
        Map<String, Set<String>> actual = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String module : ALLOWED.keySet()) {
            Path pom = root.resolve(module).resolve("pom.xml");
            assertTrue(Files.isRegularFile(pom), "no POM at " + pom);
            actual.put(module, tarsierDependencies(module, pom));
            expected.put(module, ALLOWED.get(module));
        }
        assertEquals(expected, actual);
    }

    @Test
    void moduleDescriptors_requireOnlyDownwards() throws Exception {
        Map<String, Set<String>> actual = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Class<?> marker : new Class<?>[] {Inventory.class, ImageScanner.class, VulnerabilityMatcher.class,
                Report.class, dev.tarsier.testkit.RecordingSink.class, dev.tarsier.harbor.HarborAdapter.class}) {
            ModuleDescriptor d = descriptorOf(marker);
            String artifact = artifactOf(d.name());
            actual.put(d.name(), d.requires().stream().map(ModuleDescriptor.Requires::name)
                    .filter(n -> n.startsWith("dev.tarsier.")).collect(Collectors.toCollection(TreeSet::new)));
            expected.put(d.name(), ALLOWED.get(artifact).stream().map(MODULE_NAMES::get)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(expected, actual);
        assertEquals(Set.of("dev.tarsier.vulndb"), exportedTo(descriptorOf(VulnerabilityMatcher.class)).keySet()
                        .stream().filter(p -> p.startsWith("dev.tarsier.vulndb")).filter(p -> !p.contains("internal"))
                        .collect(Collectors.toSet()),
                "vulndb exports its facade package to everyone");
        assertEquals(Map.of("dev.tarsier.vulndb", Set.of(), "dev.tarsier.vulndb.internal.version",
                        Set.of("dev.tarsier.report")), exportedTo(descriptorOf(VulnerabilityMatcher.class)),
                "vulndb's internals reach the report module only, and only the version schemes");
    }

    @Test
    void integrations_areDependedOnByTheCliOnly() throws Exception {
        Path root = repositoryRoot();
        Set<String> dependents = new TreeSet<>();
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList()) {
                String module = dir.getFileName().toString();
                Set<String> deps = tarsierDependencies(module, dir.resolve("pom.xml"));
                if (deps.stream().anyMatch(INTEGRATIONS::contains)) {
                    dependents.add(module);
                }
            }
        }
        assertEquals(Set.of("scanner-cli"), dependents);
    }

    /**
     * The integrations are leaves: no library and not the CLI depends on {@code scanner-spark} (in any
     * scope), and Spark reaches no module but {@code scanner-spark}, and it only as {@code provided},
     * so that neither the libraries nor the CLI jar carry it.
     */
    @Test
    void poms_keepSparkInItsOwnModule_asProvided() throws Exception {
        Path root = repositoryRoot();
        List<String> modules = new ArrayList<>(ALLOWED.keySet());
        modules.remove("scanner-spark");
        modules.add("scanner-cli");
        for (String module : modules) {
            Document doc = pom(root.resolve(module).resolve("pom.xml"));
            for (Element dep : dependencies(doc)) {
                String coordinates = text(dep, "groupId") + ":" + text(dep, "artifactId");
                assertTrue(!coordinates.equals("dev.tarsier:scanner-spark") && !coordinates.startsWith("org.apache.spark:"),
                        module + " depends on " + coordinates);
            }
        }
        Path spark = root.resolve("scanner-spark").resolve("pom.xml");
        assertTrue(Files.isRegularFile(spark), "no POM at " + spark);
        List<String> sparkDeps = new ArrayList<>();
        for (Element dep : dependencies(pom(spark))) {
            if ("org.apache.spark".equals(text(dep, "groupId"))) {
                sparkDeps.add(text(dep, "artifactId") + ":" + text(dep, "scope"));
            }
        }
        assertTrue(!sparkDeps.isEmpty() && sparkDeps.stream().allMatch(d -> d.endsWith(":provided")), sparkDeps.toString());
    }

    /**
     * Integrations are leaves: no library module and not the CLI depends on the Maven plugin, and the
     * plugin takes Maven's own API as {@code provided}, so none of it is packaged with Tarsier.
     */
    @Test
    void mavenPlugin_isALeafWithMavenProvided() throws Exception {
        Path root = repositoryRoot();
        for (String module : ALLOWED.keySet()) {
            assertTrue(!tarsierDependencies(module, root.resolve(module).resolve("pom.xml")).contains("tarsier-maven-plugin"),
                    module + " depends on the Maven plugin");
        }
        assertTrue(!tarsierDependencies("scanner-cli", root.resolve("scanner-cli/pom.xml")).contains("tarsier-maven-plugin"));
        int maven = 0;
        for (Element dep : dependencies(pom(root.resolve("tarsier-maven-plugin/pom.xml")))) {
            String group = text(dep, "groupId");
            if (group != null && group.startsWith("org.apache.maven")) {
                maven++;
                assertEquals("provided", text(dep, "scope"), text(dep, "artifactId") + " must be provided");
            }
        }
        assertEquals(3, maven, "maven-plugin-api, maven-core, maven-plugin-annotations");
    }

    /** The reactor root: the first of the build's project directory and its parents holding every module. */
    private static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("tarsier.root", "")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scanner-api/pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("no reactor root above " + start);
    }

    private static Map<String, Set<String>> exportedTo(ModuleDescriptor d) {
        return d.exports().stream().collect(Collectors.toMap(ModuleDescriptor.Exports::source,
                ModuleDescriptor.Exports::targets));
    }

    private static String artifactOf(String moduleName) {
        return MODULE_NAMES.entrySet().stream().filter(e -> e.getValue().equals(moduleName))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("unknown module " + moduleName));
    }

    private static ModuleDescriptor descriptorOf(Class<?> marker) throws Exception {
        Path location = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<ModuleReference> found = ModuleFinder.of(location).findAll();
        assertEquals(1, found.size(), "one module at " + location);
        ModuleDescriptor d = found.iterator().next().descriptor();
        assertTrue(!d.isAutomatic(), "no module-info.class at " + location);
        return d;
    }

    private static Document pom(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    /** The project's own dependencies (not dependencyManagement's, not plugins'). */
    private static List<Element> dependencies(Document doc) {
        List<Element> deps = new ArrayList<>();
        NodeList dependencies = doc.getDocumentElement().getElementsByTagName("dependencies");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element list = (Element) dependencies.item(i);
            if (!list.getParentNode().equals(doc.getDocumentElement())) {
                continue; // dependencyManagement or plugin dependencies
            }
            NodeList items = list.getElementsByTagName("dependency");
            for (int j = 0; j < items.getLength(); j++) {
                deps.add((Element) items.item(j));
            }
        }
        return deps;
    }

    private static Set<String> tarsierDependencies(String module, Path pom) throws Exception {
        Set<String> deps = new TreeSet<>();
        for (Element dep : dependencies(pom(pom))) {
            if (!"dev.tarsier".equals(text(dep, "groupId"))) {
                continue;
            }
            String artifact = text(dep, "artifactId");
            // any module may test with the test kit, and an analyzer may run its pipeline tests on
            // the scanner (the test kit's PipelineRunner); neither reaches the shipped code
            boolean test = "test".equals(text(dep, "scope"));
            if (test && (artifact.equals("scanner-testkit")
                    || artifact.equals("scanner-core") && module.startsWith("analyzers-")
                    || INTEGRATIONS.contains(module) && artifact.startsWith("analyzers-"))) {
                continue;
            }
            deps.add(artifact);
        }
        return deps;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
