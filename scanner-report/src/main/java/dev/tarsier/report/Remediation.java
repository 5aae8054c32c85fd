package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.api.Severity;
import dev.tarsier.report.internal.remediation.RemediationPlanner;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to upgrade, and where: advice per package and per layer.
 *
 * <p>Per package, the lowest version that fixes every fixable finding of the package (compared
 * with the package type's {@link dev.tarsier.api.spi.VersionScheme}: deb, rpm, apk, maven, and
 * semver for npm and the node runtime), and how many findings by severity that upgrade removes.
 * For each finding the relevant fix is its lowest fixed version above the installed one (advisories
 * list one fix per release branch); the package's target is the highest of those. When the type
 * has no scheme, or a version does not parse, no target is computed and the advice lists the fixed
 * versions instead.
 *
 * <p>Per layer, packages are grouped under the layer that introduced them, with its
 * {@code createdBy} command. Base-image layers are marked: the first {@code n} layers when the
 * caller knows how many come from the base image, otherwise the layers up to and including the
 * one holding the first copy of the OS package database (the lowest layer that introduced an OS
 * package). With no OS package and no count given, no layer is marked.
 *
 * @param packages advice per package with findings, most severe first; never null
 * @param layers advice per layer that introduced a package with findings, bottom first; never null
 * @param baseLayers number of base-image layers (layers {@code 0..baseLayers-1}); empty when unknown
 * @since 0.1
 */
public record Remediation(List<PackageAdvice> packages, List<LayerAdvice> layers, OptionalInt baseLayers) {

    public Remediation {
        packages = List.copyOf(packages);
        layers = List.copyOf(layers);
        Objects.requireNonNull(baseLayers, "baseLayers");
    }

    /**
     * Plans remediation for the given findings (usually the policy's active ones), detecting the
     * base-image layers from the inventory.
     */
    public static Remediation of(Inventory inventory, List<Finding> findings) {
        return of(inventory, findings, OptionalInt.empty());
    }

    /**
     * Plans remediation with a known number of base-image layers.
     *
     * @param baseLayers how many bottom layers come from the base image; empty to detect them
     * @throws IllegalArgumentException if {@code baseLayers} is negative
     */
    public static Remediation of(Inventory inventory, List<Finding> findings, OptionalInt baseLayers) {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(baseLayers, "baseLayers");
        if (baseLayers.isPresent() && baseLayers.getAsInt() < 0) {
            throw new IllegalArgumentException("baseLayers must be >= 0");
        }
        return RemediationPlanner.plan(inventory, findings, baseLayers);
    }

    /** Number of findings in base-image layers. */
    public int baseImageFindings() {
        return layers.stream().filter(LayerAdvice::baseImage).mapToInt(LayerAdvice::findingCount).sum();
    }

    /**
     * Upgrade advice for one package.
     *
     * @param pkg the package; never null
     * @param findings its findings, in report order; never null
     * @param upgradeTo the lowest version fixing all its fixable findings, when it could be computed
     * @param fixedVersions every fixed version its findings list, in first-seen order (the fallback
     *     advice when {@code upgradeTo} is empty); never null
     * @param removes how many findings, by severity, upgrading removes; every severity present; never null
     * @param unfixable how many findings have no published fix
     * @param scheme the version scheme used, when the package type has one
     */
    public record PackageAdvice(Package pkg, List<Finding> findings, Optional<String> upgradeTo,
                                List<String> fixedVersions, Map<Severity, Integer> removes, int unfixable,
                                Optional<String> scheme) {

        public PackageAdvice {
            Objects.requireNonNull(pkg, "pkg");
            findings = List.copyOf(findings);
            Objects.requireNonNull(upgradeTo, "upgradeTo");
            fixedVersions = List.copyOf(fixedVersions);
            removes = Map.copyOf(removes);
            Objects.requireNonNull(scheme, "scheme");
        }

        /** The most severe finding's severity. */
        public Severity maxSeverity() {
            return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.UNKNOWN);
        }

        /** Total number of findings the upgrade removes. */
        public int removedCount() {
            return removes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * The findings introduced by one layer.
     *
     * @param layer the layer; never null
     * @param baseImage whether the layer comes from the base image
     * @param packages advice for the packages this layer introduced; never null
     */
    public record LayerAdvice(Layer layer, boolean baseImage, List<PackageAdvice> packages) {

        public LayerAdvice {
            Objects.requireNonNull(layer, "layer");
            packages = List.copyOf(packages);
        }

        /** Number of findings in this layer. */
        public int findingCount() {
            return packages.stream().mapToInt(p -> p.findings().size()).sum();
        }

        /**
         * One line of advice: rebuild on a newer base image for base layers, otherwise fix the
         * Dockerfile instruction that created the layer.
         */
        public String advice() {
            if (baseImage) {
                return "from the base image: rebuild on a newer base image";
            }
            return "fix in your Dockerfile at: " + layer.createdBy().orElse("(layer " + layer.index() + ", no history)");
        }
    }
}
