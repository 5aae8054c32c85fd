package dev.tarsier.analyzers.app.jar;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarAnalyzerTest {

    private final JarAnalyzer analyzer = new JarAnalyzer();

    /** purl → location path, for exact comparisons of what was found where. */
    private static Map<String, String> found(RecordingSink sink) {
        return sink.packages().stream().collect(Collectors.toMap(
                p -> p.purl().canonicalize(), p -> p.location().path(), (a, b) -> a + " | " + b, TreeMap::new));
    }

    private static Package only(RecordingSink sink) {
        assertEquals(1, sink.packages().size(), () -> "packages: " + sink.packages());
        return sink.packages().get(0);
    }

    private static String messages(RecordingSink sink) {
        return sink.diagnostics().stream().map(d -> d.severity() + " " + d.path().orElse("") + ": " + d.message())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void analyze_plainJarWithPomProperties_reportsMavenPackageWithSha1() {
        byte[] jar = TestZip.create()
                .manifest("Implementation-Title: Apache Log4j Core", "Implementation-Version: 2.14.1")
                .classFile("org/apache/logging/log4j/core/Logger.class")
                .pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/app/lib/log4j-core-2.14.1.jar", jar);

        Package p = only(sink);
        assertEquals("maven", p.type());
        assertEquals("log4j-core", p.name());
        assertEquals("2.14.1", p.version());
        assertEquals("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", p.purl().canonicalize());
        assertEquals("Maven", p.ecosystem().orElseThrow());
        assertEquals(dev.tarsier.api.PackageKind.APPLICATION, p.kind());
        assertEquals("opt/app/lib/log4j-core-2.14.1.jar", p.location().path());
        assertEquals(0, p.location().layer());
        assertEquals(Map.of("sha1", TestZip.sha1(jar), "identifiedBy", "pom.properties", "groupSource", "pom.properties"),
                p.properties());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_shadedJarWithThreePomProperties_reportsEachArtifactAtTheOuterJar() {
        byte[] jar = TestZip.create()
                .manifest("Main-Class: com.example.Main")
                .pom("com.example", "tool", "1.4.0")
                .classFile("com/example/Main.class")
                .pom("com.google.guava", "guava", "31.1-jre")
                .classFile("com/example/shaded/guava/Lists.class")
                .pom("org.yaml", "snakeyaml", "1.33")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "app/tool.jar", jar);

        assertEquals(Map.of(
                "pkg:maven/com.example/tool@1.4.0", "app/tool.jar",
                "pkg:maven/com.google.guava/guava@31.1-jre", "app/tool.jar",
                "pkg:maven/org.yaml/snakeyaml@1.33", "app/tool.jar"), found(sink));
        assertTrue(sink.packages().stream().allMatch(p -> TestZip.sha1(jar).equals(p.properties().get("sha1"))));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_springBootFatJar_reportsNestedLibrariesWithChainedLocations() {
        byte[] log4j = TestZip.create().pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                .classFile("org/apache/logging/log4j/core/Logger.class").build();
        byte[] spring = TestZip.create().manifest("Implementation-Title: spring-core",
                        "Implementation-Version: 5.3.23")
                .classFile("org/springframework/core/SpringVersion.class").build();
        byte[] app = TestZip.create()
                .manifest("Main-Class: org.springframework.boot.loader.JarLauncher", "Start-Class: com.example.App")
                .directory("BOOT-INF/lib/")
                .classFile("BOOT-INF/classes/com/example/App.class")
                .stored("BOOT-INF/lib/log4j-core-2.14.1.jar", log4j)
                .stored("BOOT-INF/lib/spring-core-5.3.23.jar", spring)
                .pom("com.example", "demo", "0.0.1-SNAPSHOT")
                .classFile("org/springframework/boot/loader/JarLauncher.class")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, new MemoryInput("opt/app/app.jar", app, 0644, 2));

        assertEquals(Map.of(
                "pkg:maven/com.example/demo@0.0.1-SNAPSHOT", "opt/app/app.jar",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar",
                "pkg:maven/spring-core/spring-core@5.3.23", "opt/app/app.jar!/BOOT-INF/lib/spring-core-5.3.23.jar"),
                found(sink));
        Map<String, Package> byName = sink.packages().stream().collect(Collectors.toMap(Package::name, p -> p));
        assertEquals(TestZip.sha1(log4j), byName.get("log4j-core").properties().get("sha1"));
        assertEquals(TestZip.sha1(spring), byName.get("spring-core").properties().get("sha1"));
        assertEquals(TestZip.sha1(app), byName.get("demo").properties().get("sha1"));
        assertEquals("artifact-id", byName.get("spring-core").properties().get("groupIdGuessedFrom"));
        assertEquals("guess", byName.get("spring-core").properties().get("groupSource"));
        assertTrue(sink.packages().stream().allMatch(p -> p.location().layer() == 2));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_warWithWebInfLib_readsDeflatedNestedJars() {
        byte[] jackson = TestZip.create().pom("com.fasterxml.jackson.core", "jackson-databind", "2.13.4.2")
                .classFile("com/fasterxml/jackson/databind/ObjectMapper.class").build();
        byte[] war = TestZip.create()
                .manifest("Created-By: Maven WAR Plugin 3.3.2")
                .deflated("WEB-INF/web.xml", "<web-app/>")
                .classFile("WEB-INF/classes/com/example/Servlet.class")
                .deflated("WEB-INF/lib/jackson-databind-2.13.4.2.jar", jackson)
                .pom("com.example", "shop", "2.0")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/local/tomcat/webapps/shop.war", war);

        assertEquals(Map.of(
                "pkg:maven/com.example/shop@2.0", "usr/local/tomcat/webapps/shop.war",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2",
                "usr/local/tomcat/webapps/shop.war!/WEB-INF/lib/jackson-databind-2.13.4.2.jar"), found(sink));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_earWithWarInside_followsTheChainThreeLevelsDeep() {
        byte[] lib = TestZip.create().pom("commons-io", "commons-io", "2.11.0").build();
        byte[] ejb = TestZip.create().pom("com.example", "orders-ejb", "3.1").build();
        byte[] war = TestZip.create().deflated("WEB-INF/lib/commons-io-2.11.0.jar", lib)
                .pom("com.example", "orders-web", "3.1").build();
        byte[] ear = TestZip.create()
                .deflated("META-INF/application.xml", "<application/>")
                .deflated("orders-web.war", war)
                .deflated("lib/orders-ejb.jar", ejb)
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/jboss/deployments/orders.ear", ear);

        assertEquals(Map.of(
                "pkg:maven/com.example/orders-web@3.1", "opt/jboss/deployments/orders.ear!/orders-web.war",
                "pkg:maven/commons-io/commons-io@2.11.0",
                "opt/jboss/deployments/orders.ear!/orders-web.war!/WEB-INF/lib/commons-io-2.11.0.jar",
                "pkg:maven/com.example/orders-ejb@3.1", "opt/jboss/deployments/orders.ear!/lib/orders-ejb.jar",
                // the ear itself has no pom.properties and no manifest: its file name is all there is
                "pkg:maven/orders/orders", "opt/jboss/deployments/orders.ear"), found(sink));
        assertEquals(List.of("no version in pom.properties, manifest or file name"),
                sink.diagnostics().stream().map(Diagnostic::message).collect(Collectors.toList()));
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_realSpringCoreManifest_groupIsAVisibleGuess() {
        // the main section of spring-core-5.3.17.jar's META-INF/MANIFEST.MF as shipped on Maven Central
        // (the Spring Framework's Gradle build writes no pom.properties and no groupId anywhere)
        byte[] jar = TestZip.create()
                .manifest("Implementation-Title: spring-core", "Automatic-Module-Name: spring.core",
                        "Implementation-Version: 5.3.17", "Created-By: 1.8.0_322 (Oracle Corporation)",
                        "Dependencies: jdk.unsupported")
                .classFile("org/springframework/core/SpringVersion.class")
                .build();

        Package p = only(AnalyzerRunner.run(analyzer, "app/lib/spring-core-5.3.17.jar", jar));

        assertEquals("pkg:maven/spring-core/spring-core@5.3.17", p.purl().canonicalize());
        assertEquals("guess", p.properties().get("groupSource"));
        assertEquals("artifact-id", p.properties().get("groupIdGuessedFrom"));
    }

    @Test
    void analyze_realCommonsLang3ManifestWithoutPom_groupFromBundleSymbolicNameNotTheApacheVendorId() {
        // commons-lang3-3.12.0.jar's manifest (the jar itself also has pom.properties, left out here)
        byte[] jar = TestZip.create()
                .manifest("Implementation-Title: Apache Commons Lang", "Implementation-Vendor-Id: org.apache",
                        "Bundle-SymbolicName: org.apache.commons.lang3", "Automatic-Module-Name: org.apache.commons.lang3",
                        "Implementation-Version: 3.12.0", "Bundle-Version: 3.12.0")
                .build();

        Package p = only(AnalyzerRunner.run(analyzer, "app/lib/commons-lang3-3.12.0.jar", jar));

        assertEquals("pkg:maven/org.apache.commons/commons-lang3@3.12.0", p.purl().canonicalize());
        assertEquals("manifest:Bundle-SymbolicName", p.properties().get("groupSource"));
    }

    @Test
    void analyze_manifestOnlyJar_usesImplementationHeadersAndMarksTheGroupAsGuessed() {
        byte[] jar = TestZip.create()
                .manifest("Implementation-Title: commons-text", "Implementation-Version: 1.9",
                        "Implementation-Vendor-Id: org.apache.commons", "Implementation-Vendor: The Apache",
                        " Software Foundation")
                .classFile("org/apache/commons/text/StringSubstitutor.class")
                .build();

        Package p = only(AnalyzerRunner.run(analyzer, "app/libs/text.jar", jar));

        assertEquals("pkg:maven/org.apache.commons/commons-text@1.9", p.purl().canonicalize());
        assertEquals("manifest", p.properties().get("identifiedBy"));
        assertEquals("manifest-vendor-id", p.properties().get("groupIdGuessedFrom"));
        assertEquals("manifest:Implementation-Vendor-Id", p.properties().get("groupSource"));
    }

    @Test
    void analyze_osgiBundleWithoutPom_takesGroupFromBundleSymbolicName() {
        byte[] jar = TestZip.create()
                .manifest("Bundle-SymbolicName: org.apache.commons.lang3;singleton:=true", "Bundle-Version: 3.12.0",
                        "Bundle-Name: Apache Commons Lang")
                .build();

        Package p = only(AnalyzerRunner.run(analyzer, "plugins/commons-lang3-3.12.0.jar", jar));

        assertEquals("pkg:maven/org.apache.commons/commons-lang3@3.12.0", p.purl().canonicalize());
        assertEquals("bundle-symbolic-name", p.properties().get("groupIdGuessedFrom"));
        assertEquals("manifest:Bundle-SymbolicName", p.properties().get("groupSource"));
    }

    @Test
    void analyze_jarWithNeitherPomNorManifest_fallsBackToTheFileName() {
        byte[] jar = TestZip.create().classFile("org/apache/commons/collections/map/LRUMap.class").build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/lib/commons-collections-3.2.1.jar", jar);

        Package p = only(sink);
        assertEquals("commons-collections", p.name());
        assertEquals("3.2.1", p.version());
        assertEquals("pkg:maven/commons-collections/commons-collections@3.2.1", p.purl().canonicalize());
        assertEquals(Map.of("sha1", TestZip.sha1(jar), "identifiedBy", "file-name",
                "groupIdGuessedFrom", "artifact-id", "groupSource", "guess"), p.properties());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_fullyExecutableJarWithLaunchScript_readsTheZipAfterTheScript() {
        byte[] script = "#!/bin/bash\n# Spring Boot launch script\nexec java -jar \"$0\" \"$@\"\n"
                .repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] jar = TestZip.create().pom("com.example", "service", "3.2.1").classFile("com/example/S.class").build();
        byte[] file = new byte[script.length + jar.length];
        System.arraycopy(script, 0, file, 0, script.length);
        System.arraycopy(jar, 0, file, script.length, jar.length);

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/service/service.jar", file);

        Package p = only(sink);
        assertEquals("pkg:maven/com.example/service@3.2.1", p.purl().canonicalize());
        assertEquals(TestZip.sha1(file), p.properties().get("sha1"));
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_malformedPomProperties_warnsAndFallsBackForThatArchiveOnly() {
        byte[] jar = TestZip.create()
                .deflated("META-INF/maven/org.example/broken/pom.properties", "groupId=org.example\\nversion=\\u12")
                .pom("org.example", "fine", "1.1")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "lib/fine-1.1.jar", jar);

        assertEquals(Map.of("pkg:maven/org.example/fine@1.1", "lib/fine-1.1.jar"), found(sink));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertEquals("lib/fine-1.1.jar!/META-INF/maven/org.example/broken/pom.properties",
                sink.diagnostics().get(0).path().orElseThrow());
    }

    @Test
    void analyze_notAZip_warnsAndReportsNothing() {
        byte[] garbage = "this is a text file that was named like a jar\n".repeat(20).getBytes(StandardCharsets.UTF_8);

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/app/broken.jar", garbage);

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
        assertEquals("not a zip archive", sink.diagnostics().get(0).message());
    }

    @Test
    void analyze_emptyFile_warnsAndReportsNothing() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/app/empty.jar", new byte[0]);

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
        assertTrue(sink.diagnostics().get(0).message().startsWith("not a zip archive"), () -> messages(sink));
    }

    @Test
    void analyze_truncatedJar_warnsAndKeepsWhatWasReadBeforeTheCut() {
        byte[] jar = TestZip.create()
                .pom("org.example", "cut", "1.0")
                .classFile("org/example/A.class")
                .deflated("org/example/big.bin", randomBytes(50_000))
                .build();
        byte[] truncated = Arrays.copyOf(jar, jar.length / 2);

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/app/cut-1.0.jar", truncated);

        Package p = only(sink);
        assertEquals("pkg:maven/org.example/cut@1.0", p.purl().canonicalize());
        // the bytes of the file were all read, so the SHA-1 is still the file's
        assertEquals(TestZip.sha1(truncated), p.properties().get("sha1"));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertTrue(sink.diagnostics().get(0).message().contains("org/example/big.bin"), () -> messages(sink));
    }

    @Test
    void analyze_corruptNestedJar_warnsWithTheNestedPathAndKeepsSiblings() {
        byte[] good = TestZip.create().pom("org.example", "good", "1.0").build();
        byte[] corrupt = Arrays.copyOf(TestZip.create().pom("org.example", "bad", "1.0")
                .deflated("x.txt", "x".repeat(5000)).build(), 60);
        byte[] fat = TestZip.create()
                .stored("BOOT-INF/lib/bad-1.0.jar", corrupt)
                .stored("BOOT-INF/lib/good-1.0.jar", good)
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "app.jar", fat);

        assertEquals(Map.of(
                "pkg:maven/org.example/good@1.0", "app.jar!/BOOT-INF/lib/good-1.0.jar",
                "pkg:maven/app/app", "app.jar"), found(sink));
        List<Diagnostic> warnings = sink.diagnostics().stream()
                .filter(d -> d.severity() == Diagnostic.Severity.WARNING).collect(Collectors.toList());
        assertEquals(1, warnings.size(), () -> messages(sink));
        assertEquals("app.jar!/BOOT-INF/lib/bad-1.0.jar", warnings.get(0).path().orElseThrow());
    }

    @Test
    void analyze_zipBomb_stopsAtTheRatioCapWarnsAndKeepsEarlierPackages() {
        byte[] bomb = TestZip.create()
                .pom("org.example", "bomb", "6.6.6")
                .deflated("zeros.bin", new byte[64 << 20])
                .pom("org.example", "never-reached", "1.0")
                .build();
        assertTrue(bomb.length < 200_000, "the bomb is small: " + bomb.length);

        RecordingSink sink = AnalyzerRunner.run(analyzer, "opt/app/bomb.jar", bomb);

        Package p = only(sink);
        assertEquals("pkg:maven/org.example/bomb@6.6.6", p.purl().canonicalize());
        assertEquals(TestZip.sha1(bomb), p.properties().get("sha1"));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertTrue(sink.diagnostics().get(0).message().contains("zeros.bin"), () -> messages(sink));
        assertTrue(sink.diagnostics().get(0).message().contains("zip bomb"), () -> messages(sink));
    }

    @Test
    void analyze_zipBombNestedInFatJar_skipsOnlyTheBombAndReadsTheSiblingsAfterIt() {
        byte[] bomb = TestZip.create().deflated("zeros.bin", new byte[32 << 20]).build();
        byte[] sibling = TestZip.create().pom("org.example", "after", "2.0").build();
        byte[] fat = TestZip.create()
                .stored("BOOT-INF/lib/bomb-1.0.jar", bomb)
                .stored("BOOT-INF/lib/after-2.0.jar", sibling)
                .pom("org.example", "fat", "1.0")
                .build();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "app.jar", fat);

        assertEquals(Map.of(
                "pkg:maven/org.example/fat@1.0", "app.jar",
                "pkg:maven/bomb/bomb@1.0", "app.jar!/BOOT-INF/lib/bomb-1.0.jar",
                "pkg:maven/org.example/after@2.0", "app.jar!/BOOT-INF/lib/after-2.0.jar"), found(sink));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertEquals("app.jar!/BOOT-INF/lib/bomb-1.0.jar", sink.diagnostics().get(0).path().orElseThrow());
    }

    @Test
    void analyze_totalBudgetSpent_stopsEveryLevelWithOneWarning() {
        JarAnalyzer small = new JarAnalyzer(new JarLimits(8, 1 << 20, 100_000, 100, 4 << 20, 1 << 16, 16));
        byte[] inner = TestZip.create().pom("org.example", "inner", "1.0")
                .deflated("data.bin", randomBytes(150_000)).build();
        byte[] outer = TestZip.create()
                .pom("org.example", "outer", "1.0")
                .stored("lib/inner-1.0.jar", inner)
                .pom("org.example", "late", "1.0")
                .build();

        RecordingSink sink = AnalyzerRunner.run(small, "outer.jar", outer);

        assertEquals(Map.of(
                "pkg:maven/org.example/outer@1.0", "outer.jar",
                "pkg:maven/org.example/inner@1.0", "outer.jar!/lib/inner-1.0.jar"), found(sink));
        assertTrue(sink.packages().stream().noneMatch(p -> p.properties().containsKey("sha1")));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertEquals("outer.jar", sink.diagnostics().get(0).path().orElseThrow());
        assertTrue(sink.diagnostics().get(0).message().contains("100000"), () -> messages(sink));
    }

    @Test
    void analyze_archivesNestedNineDeep_readsEightLevelsAndWarnsAboutTheNinth() {
        byte[] current = TestZip.create().pom("org.example", "level9", "1.0").build();
        for (int level = 8; level >= 0; level--) {
            current = TestZip.create().pom("org.example", "level" + level, "1.0")
                    .stored("n" + (level + 1) + ".jar", current).build();
        }

        RecordingSink sink = AnalyzerRunner.run(analyzer, "n0.jar", current);

        assertEquals(9, sink.packages().size(), () -> found(sink).toString());
        assertEquals("n0.jar!/n1.jar!/n2.jar!/n3.jar!/n4.jar!/n5.jar!/n6.jar!/n7.jar!/n8.jar",
                sink.packages().stream().filter(p -> p.name().equals("level8")).findFirst().orElseThrow()
                        .location().path());
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertEquals("n0.jar!/n1.jar!/n2.jar!/n3.jar!/n4.jar!/n5.jar!/n6.jar!/n7.jar!/n8.jar!/n9.jar",
                sink.diagnostics().get(0).path().orElseThrow());
    }

    @Test
    void analyze_storedEntryWithDataDescriptor_warnsAndKeepsEntriesBeforeIt() {
        // java.util.zip.ZipInputStream cannot find the end of a STORED entry whose sizes are only
        // in a trailing data descriptor (APPNOTE 4.3.9); such an archive can only be read up to it
        byte[] pom = "groupId=org.example\nartifactId=descr\nversion=4.2\n".getBytes(StandardCharsets.UTF_8);
        byte[] data = "stored payload".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        localHeader(out, "META-INF/maven/org.example/descr/pom.properties", pom, false);
        out.writeBytes(pom);
        localHeader(out, "data.bin", data, true);
        out.writeBytes(data);
        ByteBuffer dd = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        dd.putInt(0x08074b50).putInt((int) crc(data)).putInt(data.length).putInt(data.length);
        out.writeBytes(dd.array());
        byte[] zip = out.toByteArray();

        RecordingSink sink = AnalyzerRunner.run(analyzer, "descr.jar", zip);

        Package p = only(sink);
        assertEquals("pkg:maven/org.example/descr@4.2", p.purl().canonicalize());
        assertEquals(TestZip.sha1(zip), p.properties().get("sha1"));
        assertEquals(1, sink.diagnostics().size(), () -> messages(sink));
        assertTrue(sink.diagnostics().get(0).message().startsWith("malformed archive after entry META-INF/maven"),
                () -> messages(sink));
    }

    @Test
    void selector_selectsJavaArchivesOnly() {
        var selector = analyzer.selector();
        for (String path : List.of("app.jar", "opt/app/app.war", "srv/x.ear", "var/jenkins_home/plugins/git.jpi",
                "var/jenkins_home/plugins/git.hpi", "deploy/p.par", "deploy/s.sar", "deploy/f.kar",
                "opt/nifi/lib/nifi-standard-nar-1.19.0.nar", "OLD/APP.JAR")) {
            assertTrue(selector.matches(path), path);
        }
        for (String path : List.of("app.zip", "lib/app.jar.sha1", "App.class", "jar", "opt/app/jar/readme.txt",
                "app.jar/")) {
            assertFalse(selector.matches(path), path);
        }
        assertEquals(JarAnalyzer.MAX_FILE_SIZE, selector.maxFileSize());
        assertEquals("app.jar", analyzer.id());
    }

    private static void localHeader(ByteArrayOutputStream out, String name, byte[] data, boolean descriptor) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) (descriptor ? 8 : 0)).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21)
                .putInt(descriptor ? 0 : (int) crc(data)).putInt(descriptor ? 0 : data.length)
                .putInt(descriptor ? 0 : data.length).putShort((short) n.length).putShort((short) 0);
        out.writeBytes(b.array());
        out.writeBytes(n);
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        return b;
    }
}
