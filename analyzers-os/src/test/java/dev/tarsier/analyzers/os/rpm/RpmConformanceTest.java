package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.analyzers.os.SharedFixtures;
import dev.tarsier.api.Package;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-set comparison with {@code rpm -qa} and go-rpmdb listings of every shared rpm database
 * (BerkeleyDB, NDB, SQLite), gpg-pubkey pseudo-packages excluded.
 */
class RpmConformanceTest {

    private static final List<String> DB_FILES = List.of("Packages", "Packages.gz", "Packages.db", "rpmdb.sqlite");
    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    /** One database of the shared fixtures. */
    private record Db(Path dir, Path file) {
        String imagePath() {
            String name = file.getFileName().toString().replace(".gz", "");
            return "var/lib/rpm/" + name;
        }

        byte[] bytes() {
            try (InputStream in = Files.newInputStream(file)) {
                return file.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Db> databases() {
        Path root = SharedFixtures.pkgdb().resolve("rpm");
        List<Db> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                for (String f : DB_FILES) {
                    if (Files.isRegularFile(dir.resolve(f))) {
                        out.add(new Db(dir, dir.resolve(f)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(out.isEmpty());
        return out;
    }

    private RecordingSink run(Db db) {
        return AnalyzerRunner.run(analyzer, MemoryInput.of(db.imagePath(), db.bytes()));
    }

    /** epoch|name|version|release|arch|sourcerpm, from the package. */
    private static String qaRow(Package p) {
        String evr = p.version();
        int colon = evr.indexOf(':');
        String epoch = colon < 0 ? "(none)" : evr.substring(0, colon);
        String vr = evr.substring(colon + 1);
        int dash = vr.lastIndexOf('-');
        String srcVersion = p.effectiveSourceVersion();
        srcVersion = srcVersion.substring(srcVersion.indexOf(':') + 1);
        return String.join("|", epoch, p.name(), vr.substring(0, dash), vr.substring(dash + 1),
                p.property("arch").orElse(""), p.effectiveSourceName() + "-" + srcVersion + ".src.rpm");
    }

    @TestFactory
    Stream<DynamicTest> analyze_everySharedRpmDatabase_equalsRpmQa() {
        return databases().stream().filter(db -> Files.isRegularFile(db.dir().resolve("expected.rpm-qa.tsv")))
                .map(db -> DynamicTest.dynamicTest(db.dir().getFileName() + "/" + db.file().getFileName(), () -> {
                    Set<String> expected = new TreeSet<>();
                    for (String[] r : SharedFixtures.tsv(db.dir().resolve("expected.rpm-qa.tsv"))) {
                        if (!r[1].equals("gpg-pubkey")) {
                            expected.add(String.join("|", r));
                        }
                    }
                    RecordingSink sink = run(db);
                    Set<String> actual = new TreeSet<>();
                    sink.packages().forEach(p -> actual.add(qaRow(p)));
                    assertEquals(expected, actual);
                    assertEquals(expected.size(), sink.packages().size(), "no duplicates");
                    assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
                }));
    }

    @TestFactory
    Stream<DynamicTest> analyze_everySharedRpmDatabase_equalsGoRpmdbIncludingVendorLicenseAndModularity() {
        return databases().stream().filter(db -> Files.isRegularFile(db.dir().resolve("expected.go-rpmdb.json")))
                .map(db -> DynamicTest.dynamicTest(db.dir().getFileName() + "/" + db.file().getFileName(), () -> {
                    Set<String> expected = new TreeSet<>();
                    for (Map<String, String> p : goRpmdbPackages(db.dir().resolve("expected.go-rpmdb.json"))) {
                        if (p.get("name").equals("gpg-pubkey")) {
                            continue;
                        }
                        String epoch = p.get("epoch");
                        expected.add(String.join("|", epoch == null ? "(none)" : epoch, p.get("name"),
                                p.get("version"), p.get("release"), p.get("arch"), p.get("sourceRpm"),
                                p.get("vendor"), p.get("license"), p.get("modularitylabel")));
                    }
                    RecordingSink sink = run(db);
                    Set<String> actual = new TreeSet<>();
                    for (Package p : sink.packages()) {
                        actual.add(String.join("|", qaRow(p), p.property("vendor").orElse(""),
                                String.join(" ", p.licenses()), p.property("modularitylabel").orElse("")));
                    }
                    assertEquals(expected, actual);
                    assertTrue(sink.diagnostics().isEmpty(), () -> sink.diagnostics().toString());
                }));
    }

    private static final Pattern FIELD = Pattern.compile("^\\s*\"(\\w+)\": (null|-?\\d+|\"((?:[^\"\\\\]|\\\\.)*)\"),?$");

    /** The {@code packages[]} of a pretty-printed go-rpmdb listing (one field per line). */
    static List<Map<String, String>> goRpmdbPackages(Path json) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(json, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (line.equals("  {")) {
                current = new HashMap<>();
            } else if (t.startsWith("}") && current != null) {
                out.add(current);
                current = null;
            } else if (current != null) {
                Matcher m = FIELD.matcher(line);
                if (m.matches()) {
                    current.put(m.group(1), m.group(2).equals("null") ? null
                            : m.group(3) != null ? unescape(m.group(3)) : m.group(2));
                }
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }
}
