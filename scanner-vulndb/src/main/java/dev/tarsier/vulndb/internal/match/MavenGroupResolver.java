package dev.tarsier.vulndb.internal.match;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Package;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Settles the groupId of a Maven package whose groupId Maven did not record, with the database's
 * index of the Maven coordinates its advisories name.
 *
 * <p>Only packages that carry {@link Package#PROPERTY_GROUP_SOURCE} are touched (those of the Java
 * archive analyzer without {@code pom.properties}); everything else is looked up as it is.
 * <ul>
 *   <li>groupId a {@linkplain Package#GROUP_SOURCE_GUESS guess}: when the index knows the artifactId
 *       under exactly one groupId, the package takes it ({@value Package#GROUP_SOURCE_VULNDB_INDEX});
 *       otherwise it is not looked up at all, so a guess never matches (under several groupIds the
 *       package is reported as {@link Outcome#ambiguous()});</li>
 *   <li>groupId derived from the manifest: kept when the index knows it for that artifactId (or does
 *       not know the artifactId); replaced by the index's only groupId when the index knows the
 *       artifactId under exactly one other group;</li>
 *   <li>recorded by Maven ({@code pom.properties}) or already settled by the index: kept.</li>
 * </ul>
 */
public final class MavenGroupResolver {

    /** The index: the groupIds the advisories name an artifactId under, sorted, never null. */
    @FunctionalInterface
    public interface Index {
        /**
         * @throws IOException if the index cannot be read
         */
        List<String> groups(String artifactId) throws IOException;
    }

    /**
     * What to look up for one package.
     *
     * @param pkg the package to look up (a copy with the settled groupId when the index gave one),
     *     empty when the package must not be looked up (its groupId stays a guess)
     * @param ambiguous the groupIds of the artifactId when there were several and the package's was
     *     a guess; empty otherwise
     */
    public record Outcome(Optional<Package> pkg, List<String> ambiguous) {
    }

    private final Index index;

    /**
     * @param index the database's Maven index
     */
    public MavenGroupResolver(Index index) {
        this.index = index;
    }

    /**
     * Settles one package's groupId.
     *
     * @throws IOException if the index cannot be read
     */
    public Outcome resolve(Package p) throws IOException {
        Optional<String> source = p.property(Package.PROPERTY_GROUP_SOURCE);
        if (source.isEmpty() || !p.purl().getType().equals("maven")
                || !source.get().equals(Package.GROUP_SOURCE_GUESS) && !source.get().startsWith("manifest:")) {
            return new Outcome(Optional.of(p), List.of());
        }
        String artifact = p.purl().getName();
        List<String> groups = index.groups(artifact);
        boolean guess = source.get().equals(Package.GROUP_SOURCE_GUESS);
        if (groups.size() == 1 && (guess || !groups.get(0).equals(p.purl().getNamespace()))) {
            return new Outcome(Optional.of(withGroup(p, groups.get(0))), List.of());
        }
        if (guess) {
            return new Outcome(Optional.empty(), groups.size() > 1 ? groups : List.of());
        }
        return new Outcome(Optional.of(p), List.of());
    }

    private static Package withGroup(Package p, String group) {
        PackageURL purl = p.purl();
        try {
            PackageURL settled = new PackageURL(purl.getType(), group, purl.getName(), purl.getVersion(),
                    purl.getQualifiers() == null ? null : new java.util.TreeMap<>(purl.getQualifiers()), purl.getSubpath());
            return p.toBuilder().purl(settled)
                    .property(Package.PROPERTY_GROUP_SOURCE, Package.GROUP_SOURCE_VULNDB_INDEX).build();
        } catch (MalformedPackageURLException e) {
            // a groupId the advisories name is a valid namespace; should one not be, keep the package as found
            return p;
        }
    }
}
