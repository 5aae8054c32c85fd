package dev.tarsier.vulndb;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Package;
import dev.tarsier.vulndb.internal.match.Inventories;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Maven index of the compiled DB (every {@code groupId:artifactId} the advisories name) and how
 * the matcher settles the groupId of a Maven package that Maven did not record: a guess takes the
 * artifactId's only group, an ambiguous guess never matches, a manifest-derived group the index does
 * not know gives way to the only known one, exact coordinates are never touched. Old (version 2)
 * files stay readable and answer from their keys; merged DBs rebuild the index.
 */
class MavenGroupIndexTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path sources() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("maven-index"));
        for (String name : List.of("spring-core.json", "commons-text.json")) {
            try (InputStream in = getClass().getResourceAsStream("/db/maven-index/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }

    private Path build(Path... sources) throws IOException {
        Path db = Files.createTempFile(tmp, "built", ".db");
        VulnerabilityDatabaseBuilder b = new VulnerabilityDatabaseBuilder().clock(CLOCK);
        for (Path s : sources) {
            b.source(s);
        }
        b.build(db);
        return db;
    }

    private Path versionTwoFile() throws IOException {
        Path db = tmp.resolve("v2.db");
        try (InputStream in = getClass().getResourceAsStream("/db/maven-index-v2.db")) {
            Files.copy(in, db);
        }
        return db;
    }

    /** A Maven package as the Java archive analyzer reports it, with its group source. */
    private static Package jar(String group, String artifact, String version, String groupSource) {
        return Inventories.maven(group, artifact, version).toBuilder()
                .property(Package.PROPERTY_GROUP_SOURCE, groupSource).build();
    }

    private static VulnerabilityMatchResult match(Path db, Package... packages) throws Exception {
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
            return new VulnerabilityMatcher(d).match(Inventories.of(null, List.of(packages)));
        }
    }

    @Test
    void build_indexesEveryMavenArtifactWithItsGroups() throws Exception {
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(build(sources()))) {
            assertEquals(3, db.info().formatVersion());
            assertEquals(List.of("org.springframework"), db.mavenGroups("spring-core"));
            assertEquals(List.of("org.apache.commons", "org.example.fork"), db.mavenGroups("commons-text"));
            assertEquals(List.of(), db.mavenGroups("spring-beans"));
            assertEquals(List.of(), db.mavenGroups(""));
            db.verify();
        }
    }

    @Test
    void realGhsaMavenRecords_indexEveryGroupOfEveryArtifactTheyName() throws Exception {
        Path bulk = dev.tarsier.testkit.SharedData.fixture("advisories/osv-ghsa/bulk-maven");
        // the expected answer, read from the records themselves: every Maven package of an affected
        // entry the DB keeps (not withdrawn; explicit versions or a non-GIT range), by artifactId
        java.util.SortedMap<String, java.util.SortedSet<String>> expected = new java.util.TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (java.util.stream.Stream<Path> files = Files.list(bulk)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                com.fasterxml.jackson.databind.JsonNode record = json.readTree(file.toFile());
                if (record.hasNonNull("withdrawn")) {
                    continue;
                }
                for (com.fasterxml.jackson.databind.JsonNode affected : record.path("affected")) {
                    String name = affected.path("package").path("name").asText();
                    boolean kept = affected.path("versions").size() > 0;
                    for (com.fasterxml.jackson.databind.JsonNode range : affected.path("ranges")) {
                        kept |= !range.path("type").asText().equals("GIT");
                    }
                    if (affected.path("package").path("ecosystem").asText().equals("Maven") && kept) {
                        int colon = name.indexOf(':');
                        expected.computeIfAbsent(name.substring(colon + 1), k -> new java.util.TreeSet<>())
                                .add(name.substring(0, colon));
                    }
                }
            }
        }
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(build(bulk))) {
            java.util.SortedMap<String, java.util.SortedSet<String>> actual = new java.util.TreeMap<>();
            for (String artifact : expected.keySet()) {
                actual.put(artifact, new java.util.TreeSet<>(db.mavenGroups(artifact)));
            }
            assertEquals(expected, actual);
            assertTrue(expected.size() > 100, "the fixture names " + expected.size() + " artifacts");
            assertEquals(List.of("commons-io", "org.apache.commons", "org.checkerframework.annotatedlib"),
                    db.mavenGroups("commons-io"));
        }
    }

    @Test
    void versionTwoFile_staysReadable_andAnswersFromItsPackageKeys() throws Exception {
        Path v2 = versionTwoFile();
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(v2)) {
            db.verify();
            assertEquals(2, db.info().formatVersion());
            assertEquals(List.of("org.springframework"), db.mavenGroups("spring-core"));
            assertEquals(List.of("org.apache.commons", "org.example.fork"), db.mavenGroups("commons-text"));
            assertEquals(List.of(), db.mavenGroups("spring"));
        }
        List<Finding> findings = match(v2, jar("spring-core", "spring-core", "5.3.17", Package.GROUP_SOURCE_GUESS)).findings();
        assertEquals(List.of("TEST-2022-SPRING-CORE"), findings.stream().map(Finding::id).collect(Collectors.toList()));
    }

    @Test
    void mergingCompiledDbs_rebuildsTheIndexFromTheCopiedRecords() throws Exception {
        Path src = sources();
        Path spring = tmp.resolve("spring");
        Path commons = tmp.resolve("commons");
        Files.createDirectories(spring);
        Files.createDirectories(commons);
        Files.copy(src.resolve("spring-core.json"), spring.resolve("a.json"));
        Files.copy(src.resolve("commons-text.json"), commons.resolve("b.json"));
        // a version 2 partial merged with a version 3 one, as 'db update' does after an upgrade
        Path merged = build(build(spring), versionTwoFile(), build(commons));
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(merged)) {
            assertEquals(3, db.info().formatVersion());
            assertEquals(List.of("org.springframework"), db.mavenGroups("spring-core"));
            assertEquals(List.of("org.apache.commons", "org.example.fork"), db.mavenGroups("commons-text"));
        }
    }

    @Test
    void corruptedIndexSection_isRefusedAtOpen() throws Exception {
        Path db = build(sources());
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            // the ninth section entry of the header: offset i64, length i64 after magic, version, lengths
            f.seek(8 + 4 + 4 + 8 + 8L * 24);
            long offset = f.readLong();
            f.seek(offset + 5);
            int b = f.read();
            f.seek(offset + 5);
            f.write(b ^ 0x20);
        }
        VulnerabilityDatabaseException e = assertThrows(VulnerabilityDatabaseException.class,
                () -> VulnerabilityDatabase.open(db));
        assertTrue(e.getMessage().contains("checksum mismatch in section 8"), e.getMessage());
    }

    @Test
    void guessedGroup_takesTheArtifactsOnlyGroup_andTheFindingSaysSo() throws Exception {
        VulnerabilityMatchResult r = match(build(sources()),
                jar("spring-core", "spring-core", "5.3.17", Package.GROUP_SOURCE_GUESS),
                jar("spring-core", "spring-core", "5.3.18", Package.GROUP_SOURCE_GUESS));

        assertEquals(1, r.findings().size(), "5.3.18 is fixed");
        Finding f = r.findings().get(0);
        assertEquals("TEST-2022-SPRING-CORE", f.id());
        assertEquals("pkg:maven/org.springframework/spring-core@5.3.17", f.pkg().purl().canonicalize());
        assertEquals(Optional.of("vulndb-index"), f.pkg().property(Package.PROPERTY_GROUP_SOURCE));
        assertEquals(List.of("5.3.18"), f.fixedVersions());
    }

    @Test
    void guessedGroup_ofAnArtifactUnderSeveralGroups_isNeverMatched_andADiagnosticSaysWhy() throws Exception {
        VulnerabilityMatchResult r = match(build(sources()),
                jar("commons-text", "commons-text", "1.9", Package.GROUP_SOURCE_GUESS));

        assertEquals(List.of(), r.findings());
        List<String> info = r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.INFO)
                .map(Diagnostic::message).collect(Collectors.toList());
        assertEquals(List.of("commons-text 1.9: groupId unknown (only guessed); the advisories name commons-text under "
                + "2 groupIds (org.apache.commons, org.example.fork), so it was not matched"), info);
    }

    @Test
    void manifestGroup_unknownToTheIndex_givesWayToTheOnlyKnownGroup() throws Exception {
        // Automatic-Module-Name org.springframework.core.lib read as group org.springframework.core
        VulnerabilityMatchResult r = match(build(sources()),
                jar("org.springframework.core", "spring-core", "5.3.1", "manifest:Automatic-Module-Name"));

        assertEquals(List.of("pkg:maven/org.springframework/spring-core@5.3.1"),
                r.findings().stream().map(f -> f.pkg().purl().canonicalize()).collect(Collectors.toList()));
        assertEquals(Optional.of("vulndb-index"), r.findings().get(0).pkg().property(Package.PROPERTY_GROUP_SOURCE));
    }

    @Test
    void manifestGroup_knownToTheIndex_isKeptEvenWhenOthersShareTheArtifact() throws Exception {
        VulnerabilityMatchResult r = match(build(sources()),
                jar("org.example.fork", "commons-text", "1.9", "manifest:Bundle-SymbolicName"));

        assertEquals(1, r.findings().size());
        assertEquals("pkg:maven/org.example.fork/commons-text@1.9", r.findings().get(0).pkg().purl().canonicalize());
        assertEquals(Optional.of("manifest:Bundle-SymbolicName"),
                r.findings().get(0).pkg().property(Package.PROPERTY_GROUP_SOURCE));
    }

    @Test
    void exactCoordinates_areNeverResettled() throws Exception {
        Path db = build(sources());
        // pom.properties and packages without the property (an SBOM, another analyzer) are taken as they are
        VulnerabilityMatchResult r = match(db,
                jar("com.example", "spring-core", "5.3.17", "pom.properties"),
                Inventories.maven("spring-core", "spring-core", "5.3.17"));

        assertEquals(List.of(), r.findings());
        try (VulnerabilityDatabase d = VulnerabilityDatabase.open(db)) {
            Package exact = jar("com.example", "spring-core", "5.3.17", "pom.properties");
            assertEquals(Optional.of(exact), new VulnerabilityMatcher(d).settledPackage(exact));
            assertEquals(Optional.empty(), new VulnerabilityMatcher(d).settledPackage(
                    jar("commons-text", "commons-text", "1.9", Package.GROUP_SOURCE_GUESS)));
        }
    }
}
