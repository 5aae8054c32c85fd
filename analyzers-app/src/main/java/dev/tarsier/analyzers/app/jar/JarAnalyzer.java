package dev.tarsier.analyzers.app.jar;

import dev.tarsier.api.Package;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Finds Maven artifacts in Java archives anywhere in the image, including archives nested in
 * archives ({@code BOOT-INF/lib/}, {@code WEB-INF/lib/}, EAR modules, any inner {@code *.jar}).
 *
 * <p>Files: {@code *.jar}, {@code *.war}, {@code *.ear}, {@code *.jpi} and {@code *.hpi} (Jenkins
 * plugins), {@code *.par} (persistence and JBoss archives), {@code *.sar} (JBoss service archives),
 * {@code *.kar} (Karaf), {@code *.nar} (NiFi), in lower or upper case. Each package has type
 * {@code maven}, ecosystem {@code Maven}, PURL {@code pkg:maven/<groupId>/<artifactId>@<version>},
 * the archive's location ({@code app.jar!/BOOT-INF/lib/x.jar} for nested ones) and the properties
 * {@value #PROPERTY_SHA1}, {@value #PROPERTY_IDENTIFIED_BY}, {@value Package#PROPERTY_GROUP_SOURCE} and,
 * when Maven did not record the groupId, {@value #PROPERTY_GROUP_GUESS}. The module README gives the
 * identity rules and the caps.
 *
 * @since 0.1
 */
public final class JarAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.jar";

    /** Vulnerability-database ecosystem of the packages (OSV's name for Maven Central artifacts). */
    public static final String ECOSYSTEM = "Maven";

    /** Property: lower-case hex SHA-1 of the archive at the package's location. */
    public static final String PROPERTY_SHA1 = "sha1";

    /** Property: which rule identified the package: {@code pom.properties}, {@code manifest}, {@code file-name}. */
    public static final String PROPERTY_IDENTIFIED_BY = "identifiedBy";

    /**
     * Property, set only when the groupId is not recorded by Maven: where it came from
     * ({@code manifest-vendor-id}, {@code bundle-symbolic-name}, {@code automatic-module-name},
     * {@code implementation-title}, {@code artifact-id}). Kept for 0.3 readers;
     * {@link Package#PROPERTY_GROUP_SOURCE} says the same more precisely and marks a guess as one.
     */
    public static final String PROPERTY_GROUP_GUESS = "groupIdGuessedFrom";

    /** Largest archive offered: 1 GiB. The archive is streamed, so size costs time, not memory. */
    public static final long MAX_FILE_SIZE = 1L << 30;

    /** File-name endings of the archives read, at the top level and nested. */
    static final Set<String> SUFFIXES = Set.of(".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar", ".kar", ".nar");

    private final JarLimits limits;
    private final FileSelector selector;

    /** The analyzer with the default caps, as the service loader creates it. */
    public JarAnalyzer() {
        this(JarLimits.DEFAULT);
    }

    JarAnalyzer(JarLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        FileSelector.Builder b = FileSelector.builder().maxFileSize(MAX_FILE_SIZE);
        for (String s : SUFFIXES) {
            b.suffixes(s, s.toUpperCase(Locale.ROOT));
        }
        this.selector = b.build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        // 2: groupSource, manifest group rules (Automatic-Module-Name, word tails)
        return 2;
    }

    @Override
    public FileSelector selector() {
        return selector;
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) {
        new ArchiveWalker(limits, sink).walkFile(input.stream(), input.location());
    }

    /** Whether an entry name or file name has one of the archive endings, in any case. */
    static boolean isArchiveName(String name) {
        return ArchiveWalker.hasArchiveSuffix(name, SUFFIXES);
    }
}
