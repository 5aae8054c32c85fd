package dev.tarsier.analyzers.app.jar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The groupId of an archive that carries no {@code pom.properties}, from its manifest's main
 * section, with the rule that found it.
 *
 * <p>Sources, in order (the module README gives the reasoning and the measured precision):
 * <ol>
 *   <li>{@code Implementation-Vendor-Id}, where maven-archiver's default entries put the groupId,
 *       when it is a reverse-DNS name and not an organisation-wide id (Apache's parent POMs write
 *       {@code org.apache} for every project);</li>
 *   <li>{@code Bundle-SymbolicName} (OSGi, without {@code ;directives}), {@code Automatic-Module-Name}
 *       (JPMS), {@code Implementation-Title}: a reverse-DNS name ends with the artifact, either as a
 *       whole last segment ({@code com.fasterxml.jackson.core.jackson-databind}) or as the
 *       artifactId's later words ({@code org.springframework.core} for {@code spring-core},
 *       {@code io.opentelemetry.sdk.logs} for {@code opentelemetry-sdk-logs}); that tail is cut and
 *       the rest, two segments or more, is the group, except that a one-word artifactId names the
 *       project and stays ({@code com.google.guava} for {@code guava}). A name that does not end with the artifact
 *       ({@code com.sun.jna} for {@code jna-platform}) or that is no reverse-DNS name
 *       ({@code spring.core}) says nothing about the group; the Apache Commons components older
 *       than Maven 2 keep {@code groupId = artifactId} ({@code commons-io});</li>
 *   <li>else the groupId is a <em>guess</em>: the artifactId itself (the old {@code log4j:log4j}
 *       convention), source {@value #GUESS}.</li>
 * </ol>
 */
final class MavenGroup {

    /** Source of a groupId recorded by Maven. */
    static final String POM_PROPERTIES = "pom.properties";
    /** Source of a groupId that is only a guess (the artifactId). */
    static final String GUESS = "guess";

    /** Manifest headers read, lower-case as {@link JarIdentity#manifestMainSection} keeps them, in order. */
    private static final List<String[]> NAME_HEADERS = List.of(
            new String[] {"bundle-symbolicname", "Bundle-SymbolicName"},
            new String[] {"automatic-module-name", "Automatic-Module-Name"},
            new String[] {"implementation-title", "Implementation-Title"});

    private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_-]*");

    /**
     * First segments of reverse-DNS names: the generic top-level domains seen in Maven groupIds,
     * every two-letter (country) domain, and the {@code javax}/{@code jakarta} namespaces that Java
     * EE groups use.
     */
    private static final Set<String> TOP_LEVEL = Set.of("org", "com", "net", "io", "dev", "info", "edu", "gov",
            "biz", "app", "cloud", "tech", "xyz", "mil", "javax", "jakarta");

    /**
     * Implementation-Vendor-Id values that name an organisation for all its projects rather than a
     * groupId: Apache's parent POMs set {@code org.apache} in every project's manifest
     * ({@code commons-io}, {@code org.apache.commons}, {@code org.apache.httpcomponents} ...).
     */
    private static final Set<String> ORGANISATION_IDS = Set.of("org.apache");

    /**
     * Apache Commons components first released before Maven 2, whose groupId stayed their artifactId
     * ({@code commons-io:commons-io}); later ones use {@code org.apache.commons}
     * ({@code commons-lang3}, {@code commons-text}, {@code commons-compress}). Their manifests all
     * name {@code org.apache.commons.<component>}.
     */
    private static final Set<String> LEGACY_COMMONS = Set.of("commons-beanutils", "commons-chain", "commons-cli",
            "commons-codec", "commons-collections", "commons-configuration", "commons-daemon", "commons-dbcp",
            "commons-dbutils", "commons-digester", "commons-discovery", "commons-el", "commons-fileupload",
            "commons-httpclient", "commons-io", "commons-jxpath", "commons-lang", "commons-logging", "commons-modeler",
            "commons-net", "commons-pool", "commons-primitives", "commons-transaction", "commons-validator");

    private MavenGroup() {
    }

    /** A groupId and how it was found. */
    record Found(String groupId, String source) {
    }

    /**
     * The groupId for an archive without {@code pom.properties}.
     *
     * @param manifest the manifest main section (lower-case names), empty when there was none
     * @param artifactId the artifactId already determined
     * @return the group and its source ({@code manifest:<Header>} or {@value #GUESS}); never null
     */
    static Found find(Map<String, String> manifest, String artifactId) {
        Found fromName = null;
        for (String[] header : NAME_HEADERS) {
            String value = manifest.get(header[0]);
            if (value == null) {
                continue;
            }
            // OSGi Core, Bundle-SymbolicName: the name is followed by ;directives
            String group = groupOfName(value.split(";", 2)[0].strip(), artifactId);
            if (group != null) {
                fromName = new Found(group, "manifest:" + header[1]);
                break;
            }
        }
        String vendorId = manifest.get("implementation-vendor-id");
        if (vendorId != null && isReverseDns(vendorId) && !ORGANISATION_IDS.contains(vendorId)) {
            return new Found(vendorId, "manifest:Implementation-Vendor-Id");
        }
        return fromName != null ? fromName : new Found(artifactId, GUESS);
    }

    /**
     * The group in a reverse-DNS name that ends with the artifact; null when the name is no
     * reverse-DNS name or does not end with the artifact.
     */
    static String groupOfName(String name, String artifactId) {
        String lowerArtifact = artifactId.toLowerCase(Locale.ROOT);
        if (!isReverseDns(name) || name.equals(lowerArtifact)) {
            return null;
        }
        List<String> segments = new ArrayList<>(Arrays.asList(name.split("\\.")));
        int keep;
        boolean whole = segments.get(segments.size() - 1).equals(lowerArtifact);
        if (whole && lowerArtifact.matches("[a-z0-9]+")
                && !(segments.size() > 2 && segments.get(segments.size() - 2).equals(lowerArtifact))) {
            // a one-word artifactId names the project, and projects keep their name in the group:
            // com.google.guava, org.apache.velocity, org.objenesis, com.thoughtworks.qdox (but
            // org.jspecify.jspecify is org.jspecify's jspecify)
            return name;
        }
        if (whole) {
            keep = segments.size() - 1;
        } else {
            // the artifactId's words after the first, matched against the name's last segments
            String[] words = lowerArtifact.split("[-._]");
            keep = segments.size();
            for (int w = words.length - 1; w >= 1 && keep > 0 && segments.get(keep - 1).equals(words[w]); w--) {
                keep--;
            }
            if (keep == segments.size()) {
                return null;
            }
        }
        if (keep < 2) {
            return null;
        }
        String group = String.join(".", segments.subList(0, keep));
        return group.equals("org.apache.commons") && LEGACY_COMMONS.contains(lowerArtifact) ? lowerArtifact : group;
    }

    /** Whether a value is a lower-case reverse-DNS name of two segments or more. */
    static boolean isReverseDns(String value) {
        String[] segments = value.split("\\.", -1);
        if (segments.length < 2) {
            return false;
        }
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.contains(segments[0]) || segments[0].length() == 2;
    }
}
