package dev.tarsier.analyzers.app.jar;

import java.util.Objects;

/**
 * Maven coordinates of an archive, with how they were found.
 *
 * @param groupId the groupId; never null
 * @param artifactId the artifactId; never null or empty
 * @param version the version; empty when nothing recorded one
 * @param identifiedBy which rule gave the artifact: {@code pom.properties}, {@code manifest} or
 *     {@code file-name}
 * @param groupSource how the groupId was found: {@code pom.properties}, {@code manifest:<Header>}
 *     (see {@link MavenGroup}) or {@code guess}
 */
record Coordinates(String groupId, String artifactId, String version, String identifiedBy, String groupSource) {

    Coordinates {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(identifiedBy, "identifiedBy");
        Objects.requireNonNull(groupSource, "groupSource");
    }

    /**
     * The value of the older property {@code groupIdGuessedFrom}, kept for readers of 0.1-0.3
     * reports: null when Maven recorded the groupId, else the manifest header or {@code artifact-id}.
     */
    String groupGuess() {
        return switch (groupSource) {
            case MavenGroup.POM_PROPERTIES -> null;
            case MavenGroup.GUESS -> "artifact-id";
            case "manifest:Implementation-Vendor-Id" -> "manifest-vendor-id";
            case "manifest:Bundle-SymbolicName" -> "bundle-symbolic-name";
            case "manifest:Automatic-Module-Name" -> "automatic-module-name";
            default -> "implementation-title";
        };
    }
}
