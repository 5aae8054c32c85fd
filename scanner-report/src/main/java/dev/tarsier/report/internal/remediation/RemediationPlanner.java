package dev.tarsier.report.internal.remediation;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;
import dev.tarsier.report.JsonReport;
import dev.tarsier.report.Remediation;
import dev.tarsier.vulndb.internal.version.VersionSchemeRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Computes {@link Remediation}; see its Javadoc for the rules. */
public final class RemediationPlanner {

    /** Package type to version-scheme id; npm and the node runtime follow SemVer. */
    private static final Map<String, String> SCHEME_BY_TYPE = Map.of(
            "deb", "deb", "rpm", "rpm", "apk", "apk", "maven", "maven", "npm", "semver");

    private static final VersionSchemeRegistry SCHEMES = registry();

    private RemediationPlanner() {
    }

    private static VersionSchemeRegistry registry() {
        VersionSchemeRegistry discovered = VersionSchemeRegistry.discover();
        return discovered.schemes().isEmpty() ? VersionSchemeRegistry.builtIn() : discovered;
    }

    /** Plans remediation. */
    public static Remediation plan(Inventory inventory, List<Finding> findings, OptionalInt baseLayers) {
        Map<Package, List<Finding>> byPackage = new LinkedHashMap<>();
        for (Finding f : findings.stream().sorted(JsonReport.FINDING_ORDER).toList()) {
            byPackage.computeIfAbsent(f.pkg(), p -> new ArrayList<>()).add(f);
        }
        List<Remediation.PackageAdvice> advice = new ArrayList<>();
        byPackage.forEach((pkg, list) -> advice.add(advise(pkg, list)));
        advice.sort(Comparator.comparing(Remediation.PackageAdvice::maxSeverity).reversed()
                .thenComparing(a -> -a.findings().size())
                .thenComparing(a -> a.pkg().name())
                .thenComparing(a -> a.pkg().purl().canonicalize())
                .thenComparing(a -> a.pkg().location().path()));

        OptionalInt base = baseLayers.isPresent() ? baseLayers : detectBaseLayers(inventory);
        List<Remediation.LayerAdvice> layers = new ArrayList<>();
        for (Layer layer : inventory.image().layers()) {
            List<Remediation.PackageAdvice> here = advice.stream()
                    .filter(a -> a.pkg().location().layer() == layer.index()).toList();
            if (!here.isEmpty()) {
                layers.add(new Remediation.LayerAdvice(layer, base.isPresent() && layer.index() < base.getAsInt(), here));
            }
        }
        return new Remediation(advice, layers, base);
    }

    /**
     * The fallback rule when the base image's history is unknown: the base image ends with
     * the layer holding the first copy of the OS package database, which is the lowest layer that
     * introduced an OS package.
     */
    static OptionalInt detectBaseLayers(Inventory inventory) {
        OptionalInt first = inventory.packages().stream().filter(p -> p.kind() == PackageKind.OS)
                .mapToInt(p -> p.location().layer()).min();
        return first.isPresent() ? OptionalInt.of(first.getAsInt() + 1) : OptionalInt.empty();
    }

    static Optional<VersionScheme> schemeFor(Package pkg) {
        String id = SCHEME_BY_TYPE.get(pkg.type());
        if (id == null && Package.TYPE_BINARY.equals(pkg.type()) && "node".equals(pkg.name())) {
            id = "semver";
        }
        return id == null ? Optional.empty() : SCHEMES.byId(id);
    }

    /**
     * OS advisories give fixed versions of the source package (that is what they are matched by),
     * so the installed side is the source version; applications have no source package.
     */
    private static String installedVersion(Package pkg) {
        return pkg.kind() == PackageKind.OS ? pkg.effectiveSourceVersion() : pkg.version();
    }

    private static Remediation.PackageAdvice advise(Package pkg, List<Finding> findings) {
        Set<String> fixed = new LinkedHashSet<>();
        Map<Severity, Integer> removes = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            removes.put(s, 0);
        }
        int unfixable = 0;
        for (Finding f : findings) {
            fixed.addAll(f.fixedVersions());
            if (!f.fixable()) {
                unfixable++;
            }
        }
        Optional<VersionScheme> scheme = schemeFor(pkg);
        Optional<String> target = Optional.empty();
        if (scheme.isPresent()) {
            target = target(scheme.get(), installedVersion(pkg), findings, removes);
        }
        if (target.isEmpty()) {
            // Without an ordering nothing is claimed: the fallback lists the fixes, and counts
            // every fixable finding as removable by "some" fixed version.
            for (Severity s : Severity.values()) {
                removes.put(s, 0);
            }
            for (Finding f : findings) {
                if (f.fixable()) {
                    removes.merge(f.severity(), 1, Integer::sum);
                }
            }
        }
        return new Remediation.PackageAdvice(pkg, findings, target, List.copyOf(fixed), removes, unfixable,
                scheme.map(VersionScheme::id));
    }

    /**
     * The highest of the per-finding minimal fixes above the installed version; empty when a
     * version does not parse or no finding has a fix above the installed version.
     */
    private static Optional<String> target(VersionScheme scheme, String installedText, List<Finding> findings,
                                           Map<Severity, Integer> removes) {
        try {
            Version installed = scheme.parse(installedText);
            Version best = null;
            for (Finding f : findings) {
                Version lowestAbove = null;
                for (String text : f.fixedVersions()) {
                    Version v = scheme.parse(text);
                    if (v.compareInstalled(installed) < 0 && (lowestAbove == null || v.compareTo(lowestAbove) < 0)) {
                        lowestAbove = v;
                    }
                }
                if (lowestAbove != null) {
                    removes.merge(f.severity(), 1, Integer::sum);
                    if (best == null || lowestAbove.compareTo(best) > 0) {
                        best = lowestAbove;
                    }
                }
            }
            return best == null ? Optional.empty() : Optional.of(best.text());
        } catch (InvalidVersionException e) {
            return Optional.empty();
        }
    }
}
