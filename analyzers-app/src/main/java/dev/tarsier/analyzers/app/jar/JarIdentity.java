package dev.tarsier.analyzers.app.jar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The identity rules for one archive, in order of trust: {@code pom.properties}, then the manifest,
 * then the file name. See the module README for the reasoning behind each rule.
 */
final class JarIdentity {

    /** Identifiers as Maven accepts them for groupId and artifactId. */
    private static final Pattern MAVEN_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    private JarIdentity() {
    }

    /**
     * Whether an entry is {@code META-INF/maven/<groupId>/<artifactId>/pom.properties}, the file
     * the maven-archiver writes for every artifact it packages.
     */
    static boolean isPomProperties(String entry) {
        if (!entry.startsWith("META-INF/maven/") || !entry.endsWith("/pom.properties")) {
            return false;
        }
        return entry.split("/", -1).length == 5;
    }

    /** Whether an entry is the jar manifest (JAR File Specification: {@code META-INF/MANIFEST.MF}). */
    static boolean isManifest(String entry) {
        return entry.equalsIgnoreCase("META-INF/MANIFEST.MF");
    }

    /**
     * Reads {@code pom.properties} ({@code groupId}, {@code artifactId}, {@code version}); the
     * directory names stand in for a missing groupId or artifactId.
     *
     * @return the coordinates, or empty when the file records no usable version or is malformed
     */
    static Optional<Coordinates> fromPomProperties(String entry, byte[] content) {
        Properties props = new Properties();
        try {
            props.load(new ByteArrayInputStream(content));
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load rejects a malformed backslash-u escape with IllegalArgumentException
            return Optional.empty();
        }
        String[] parts = entry.split("/");
        String group = nonBlank(props.getProperty("groupId"), parts[2]);
        String artifact = nonBlank(props.getProperty("artifactId"), parts[3]);
        String version = props.getProperty("version", "").strip();
        if (group == null || artifact == null) {
            return Optional.empty();
        }
        // an unresolved ${...} is what a broken build wrote, not a version
        if (version.isEmpty() || version.contains("${")) {
            return Optional.empty();
        }
        return Optional.of(new Coordinates(group.strip(), artifact.strip(), version, "pom.properties",
                MavenGroup.POM_PROPERTIES));
    }

    /**
     * The main section of a manifest as header name to value (JAR File Specification, "Manifest
     * Specification": {@code name: value} lines, a line starting with one space continues the
     * previous one, the main section ends at the first empty line). Names are compared
     * case-insensitively there, so they are kept lower-case here.
     */
    static Map<String, String> manifestMainSection(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (!headers.isEmpty() || current != null) {
                    break;
                }
                continue;
            }
            if (line.charAt(0) == ' ' && current != null) {
                headers.merge(current, line.substring(1), String::concat);
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                current = null;
                continue;
            }
            current = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.put(current, line.substring(colon + 2));
        }
        headers.replaceAll((k, v) -> v.strip());
        return headers;
    }

    /**
     * Identity from the manifest and the file name, for an archive without {@code pom.properties}.
     *
     * <ul>
     *   <li>artifactId and version: the file name's, when the name carries a version (Maven names
     *       files {@code artifactId-version.jar}, and its version is the one advisories use, while
     *       manifests often hold decorated ones such as OSGi {@code 3.22.0.v20241030-2121} or
     *       {@code 5.13.0 (b0)}); otherwise the artifactId is {@code Implementation-Title} when it
     *       is a plain identifier, else the file name without extension, and the version is the
     *       first word of {@code Implementation-Version}, else of {@code Bundle-Version};</li>
     *   <li>groupId: by the manifest rules of {@link MavenGroup}, else the artifactId itself
     *       (the old {@code log4j:log4j} convention), marked as a guess.</li>
     * </ul>
     *
     * @param manifest the manifest main section, empty when there was none
     * @param fileName the archive's file name
     */
    static Coordinates fromManifestOrFileName(Map<String, String> manifest, String fileName) {
        String base = stripExtension(fileName);
        String[] split = splitNameVersion(base);
        String artifact;
        String version;
        String identifiedBy;
        if (split != null) {
            artifact = split[0];
            version = split[1];
            identifiedBy = "file-name";
        } else {
            String title = manifest.get("implementation-title");
            boolean titleUsable = title != null && MAVEN_ID.matcher(title).matches();
            artifact = titleUsable ? title : base;
            String mfVersion = firstWord(nonBlank(manifest.get("implementation-version"), manifest.get("bundle-version")));
            version = mfVersion == null ? "" : mfVersion;
            identifiedBy = titleUsable || mfVersion != null ? "manifest" : "file-name";
        }

        MavenGroup.Found group = MavenGroup.find(manifest, artifact);
        return new Coordinates(group.groupId(), artifact, version, identifiedBy, group.source());
    }

    private static String firstWord(String value) {
        return value == null ? null : value.strip().split("\\s+", 2)[0];
    }

    /**
     * Splits {@code name-1.2.3} at the last {@code -} followed by a digit, so that names which
     * contain a number ({@code log4j-1.2-api-2.17.1}) keep it; null when there is no such dash.
     */
    static String[] splitNameVersion(String base) {
        for (int i = base.length() - 2; i > 0; i--) {
            if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
                return new String[] {base.substring(0, i), base.substring(i + 1)};
            }
        }
        return null;
    }

    static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String nonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second == null || second.isBlank() ? null : second;
    }
}
