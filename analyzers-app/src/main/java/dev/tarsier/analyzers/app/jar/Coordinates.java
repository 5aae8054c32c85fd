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
 * @param groupGuess null when the groupId is recorded by Maven itself ({@code pom.properties}),
 *     otherwise where the guess came from: {@code manifest-vendor-id}, {@code bundle-symbolic-name}
 *     or {@code artifact-id}
 */
record Coordinates(String groupId, String artifactId, String version, String identifiedBy, String groupGuess) {

    Coordinates {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(identifiedBy, "identifiedBy");
    }
}
