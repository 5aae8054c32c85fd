package dev.tarsier.core.internal.apply;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.PathResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;


/**
 * Folds per-layer results bottom-up into the inventory of the final file system (OCI image-spec
 * layer.md, "Applying Changesets"): whiteouts delete lower paths and everything below them, opaque
 * directories hide their lower children, a later entry at the same path replaces the lower one.
 * Whiteouts and opaque markers never affect entries of their own layer.
 *
 * <p>Each surviving package is moved to the layer that <em>introduced</em> it: the lowest layer
 * from which the same package (type, name, version, path) was present in every later copy of the
 * file that reports it. A deletion breaks the chain.
 *
 * <p>After folding, cross-file facts are settled here, where all layers are known:
 * <ul>
 *   <li>files listed by {@link FileOwnership} results are attached to the OS packages they name;</li>
 *   <li>a package of type {@link Package#TYPE_BINARY} whose file an OS package owns is dropped (the
 *       OS package already represents it), symbolic links resolved on both sides;</li>
 *   <li>a package only declared by a lock file (property {@value #DECLARED}) is dropped when the
 *       same package is installed; the installed one records the lock file in
 *       {@value #DECLARED_IN};</li>
 *   <li>OS packages get the distribution as PURL namespace (deb, apk) and {@code distro} qualifier.</li>
 * </ul>
 */
public final class Applier {

    /** Property of a package known from a lock file or manifest only: the declaring file. */
    public static final String DECLARED = "declared";
    /** Property recording the lock files that also declare an installed package. */
    public static final String DECLARED_IN = "declaredIn";

    /** Most diagnostics about symbolic links that do not resolve; the rest are counted. */
    static final int MAX_LINK_DIAGNOSTICS = 1_000;

    private record Entry(PathResult result, Map<String, Integer> introduced) {
    }

    private record Link(String target, int layer) {
    }

    private Applier() {
    }

    /**
     * Folds the layer results.
     *
     * @param image the image; its layers give the order
     * @param layers one result per layer, in layer order
     * @param diagnostics diagnostics raised before walking (discovery, source) to include
     */
    public static Inventory apply(Image image, List<LayerResult> layers, List<Diagnostic> diagnostics) {
        TreeMap<String, Entry> state = new TreeMap<>();
        TreeMap<String, Link> links = new TreeMap<>();
        List<Diagnostic> allDiagnostics = new ArrayList<>(diagnostics);
        for (LayerResult layer : layers) {
            allDiagnostics.addAll(layer.diagnostics());
            for (String path : layer.whiteouts()) {
                removeTree(state, path);
                removeTree(links, path);
            }
            for (String dir : layer.opaqueDirs()) {
                removeChildren(state, dir);
                removeChildren(links, dir);
            }
            Map<String, PathResult> linked = hardlinksToLowerLayers(layer, state, allDiagnostics);
            for (String path : layer.shadows()) {
                removeTree(state, path);
                removeTree(links, path);
            }
            layer.symlinks().forEach((path, target) -> links.put(path, new Link(target, layer.layer())));
            for (Map.Entry<String, PathResult> e : layer.results().entrySet()) {
                String path = e.getKey();
                Entry previous = state.get(path);
                removeTree(state, path);
                links.remove(path);
                state.put(path, new Entry(e.getValue(), introduced(e.getValue(), previous, layer.layer())));
            }
            linked.forEach((path, result) -> {
                if (!layer.results().containsKey(path)) {
                    removeTree(state, path);
                    state.put(path, new Entry(result, introduced(result, null, layer.layer())));
                }
            });
        }

        Map<String, String> finalLinks = new HashMap<>();
        links.forEach((path, link) -> finalLinks.put(path, link.target()));
        FileSystemLinks fs = new FileSystemLinks(finalLinks);
        int unresolved = 0;
        for (Map.Entry<String, Link> e : links.entrySet()) {
            if (fs.canonical(e.getKey()).isEmpty() && unresolved++ < MAX_LINK_DIAGNOSTICS) {
                Link link = e.getValue();
                allDiagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER,
                        OptionalInt.of(link.layer()), Optional.of(e.getKey()),
                        "symbolic link loop (or more than " + FileSystemLinks.MAX_HOPS + " hops, or a path longer than "
                                + FileSystemLinks.MAX_PATH_LENGTH + " characters): -> " + abbreviate(link.target())));
            }
        }
        if (unresolved > MAX_LINK_DIAGNOSTICS) {
            allDiagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER, OptionalInt.empty(),
                    Optional.empty(), (unresolved - MAX_LINK_DIAGNOSTICS) + " more symbolic links that do not resolve"
                    + " (cap of " + MAX_LINK_DIAGNOSTICS + " diagnostics)"));
        }

        List<Package> packages = new ArrayList<>();
        List<PathResult.OsEvidence> osEvidence = new ArrayList<>();
        Map<String, Set<String>> ownedByName = new HashMap<>();
        for (Entry entry : state.values()) {
            for (Package p : entry.result().packages()) {
                int intro = entry.introduced().getOrDefault(key(p), p.location().layer());
                packages.add(p.withLocation(p.location().withLayer(intro)));
            }
            osEvidence.addAll(entry.result().os());
            for (FileOwnership o : entry.result().ownerships()) {
                ownedByName.computeIfAbsent(o.packageType() + '\0' + o.packageName(), k -> new LinkedHashSet<>())
                        .addAll(o.files());
            }
        }
        Optional<OperatingSystem> os = chooseOs(osEvidence);
        packages = attachOwnership(packages, ownedByName);
        packages = dropOsOwnedBinaries(packages, fs);
        packages = foldDeclared(packages);
        if (os.isPresent()) {
            OperatingSystem o = os.get();
            packages = packages.stream().map(p -> withDistro(p, o, allDiagnostics)).toList();
        }
        return new Inventory(image, os, packages, allDiagnostics);
    }

    /**
     * Resolves the hard links of a layer whose target was no earlier file of that layer against the
     * lower layers (the file system the layer is applied onto). A target found there gives the link
     * its results; a target found nowhere is a broken layer: a WARNING, and the link reports nothing.
     */
    private static Map<String, PathResult> hardlinksToLowerLayers(LayerResult layer, TreeMap<String, Entry> state,
                                                                  List<Diagnostic> diagnostics) {
        Map<String, PathResult> linked = new TreeMap<>();
        layer.hardlinks().forEach((link, hardlink) -> {
            String target = hardlink.target();
            Entry lower = state.get(target);
            if (lower != null) {
                if (hardlink.analyzed()) {
                    linked.put(link, lower.result().relocated(target, link, layer.layer()));
                }
            } else {
                diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER,
                        OptionalInt.of(layer.layer()), Optional.of(link),
                        "hard link target '" + target + "' does not exist in the image (neither earlier in this layer"
                                + " nor in a lower one); the link is not analyzed"));
            }
        });
        return linked;
    }

    private static String abbreviate(String target) {
        return target.length() <= 200 ? target : target.substring(0, 200) + "... (" + target.length() + " characters)";
    }

    private static String key(Package p) {
        return p.type() + '\0' + p.name() + '\0' + p.version() + '\0' + p.location().path();
    }

    private static Map<String, Integer> introduced(PathResult result, Entry previous, int layer) {
        Map<String, Integer> intro = new HashMap<>();
        for (Package p : result.packages()) {
            String k = key(p);
            Integer earlier = previous == null ? null : previous.introduced().get(k);
            intro.put(k, earlier == null ? layer : earlier);
        }
        return intro;
    }

    private static <V> void removeTree(TreeMap<String, V> map, String path) {
        map.remove(path);
        removeChildren(map, path);
    }

    private static <V> void removeChildren(TreeMap<String, V> map, String dir) {
        if (dir.isEmpty()) {
            map.clear();
            return;
        }
        // children of "a/b" are exactly the keys in ["a/b/", "a/b0"): '0' follows '/' in UTF-16
        map.subMap(dir + "/", dir + "0").clear();
    }

    /**
     * The surviving evidence with the highest confidence wins (ties: the higher layer, then the
     * path); fields it lacks are filled from the other evidence of the same family.
     */
    static Optional<OperatingSystem> chooseOs(List<PathResult.OsEvidence> evidence) {
        if (evidence.isEmpty()) {
            return Optional.empty();
        }
        List<PathResult.OsEvidence> ranked = new ArrayList<>(evidence);
        ranked.sort(Comparator.comparingInt(PathResult.OsEvidence::confidence).reversed()
                .thenComparing(Comparator.comparingInt(PathResult.OsEvidence::layer).reversed())
                .thenComparing(PathResult.OsEvidence::path));
        OperatingSystem best = ranked.get(0).os();
        String version = best.version();
        Optional<String> codename = best.codename();
        Optional<String> name = best.name();
        List<String> idLike = best.idLike();
        // Content sets are per build (a UBI base and each image built on it): the union of them all.
        List<String> contentSets = new ArrayList<>(best.contentSets());
        for (PathResult.OsEvidence e : ranked.subList(1, ranked.size())) {
            OperatingSystem o = e.os();
            if (!o.family().equals(best.family())) {
                continue;
            }
            version = version.isEmpty() ? o.version() : version;
            codename = codename.or(o::codename);
            name = name.or(o::name);
            idLike = idLike.isEmpty() ? o.idLike() : idLike;
            contentSets.addAll(o.contentSets());
        }
        return Optional.of(new OperatingSystem(best.family(), version, codename, name, idLike, contentSets));
    }

    private static List<Package> attachOwnership(List<Package> packages, Map<String, Set<String>> ownedByName) {
        if (ownedByName.isEmpty()) {
            return packages;
        }
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            Set<String> owned = p.kind() == PackageKind.OS ? ownedByName.get(p.type() + '\0' + p.name()) : null;
            if (owned == null) {
                out.add(p);
            } else {
                Set<String> files = new LinkedHashSet<>(p.files());
                files.addAll(owned);
                out.add(p.withFiles(files));
            }
        }
        return out;
    }

    private static List<Package> dropOsOwnedBinaries(List<Package> packages, FileSystemLinks fs) {
        if (packages.stream().noneMatch(p -> p.type().equals(Package.TYPE_BINARY))) {
            return packages;
        }
        Set<String> owned = new HashSet<>();
        for (Package p : packages) {
            if (p.kind() == PackageKind.OS) {
                for (String f : p.files()) {
                    owned.add(f);
                    fs.canonical(f).ifPresent(owned::add);
                }
            }
        }
        return packages.stream().filter(p -> {
            if (!p.type().equals(Package.TYPE_BINARY)) {
                return true;
            }
            String file = p.location().filePath();
            return !owned.contains(file) && fs.canonical(file).map(c -> !owned.contains(c)).orElse(true);
        }).toList();
    }

    private static String identity(Package p) {
        PackageURL u = p.purl();
        return u.getType() + '/' + u.getNamespace() + '/' + u.getName() + '@' + u.getVersion();
    }

    private static List<Package> foldDeclared(List<Package> packages) {
        Map<String, List<String>> declaredBy = new LinkedHashMap<>();
        Set<String> installed = new HashSet<>();
        for (Package p : packages) {
            Optional<String> declared = p.property(DECLARED);
            if (declared.isPresent()) {
                declaredBy.computeIfAbsent(identity(p), k -> new ArrayList<>()).add(declared.get());
            } else {
                installed.add(identity(p));
            }
        }
        if (declaredBy.isEmpty()) {
            return packages;
        }
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            String id = identity(p);
            if (p.property(DECLARED).isPresent()) {
                if (!installed.contains(id)) {
                    out.add(p);
                }
            } else if (declaredBy.containsKey(id)) {
                String evidence = String.join(",", new TreeSet<>(declaredBy.get(id)));
                out.add(p.toBuilder().property(DECLARED_IN, evidence).build());
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static Package withDistro(Package p, OperatingSystem os, List<Diagnostic> diagnostics) {
        if (p.kind() != PackageKind.OS) {
            return p;
        }
        PackageURL u = p.purl();
        String namespace = switch (u.getType()) {
            case "deb", "apk" -> os.family();
            default -> u.getNamespace();
        };
        TreeMap<String, String> qualifiers = new TreeMap<>();
        if (u.getQualifiers() != null) {
            qualifiers.putAll(u.getQualifiers());
        }
        if (!os.version().isEmpty()) {
            qualifiers.put("distro", os.family() + "-" + os.version());
        }
        try {
            PackageURL rewritten = new PackageURL(u.getType(), namespace, u.getName(), u.getVersion(),
                    qualifiers, u.getSubpath());
            return p.toBuilder().purl(rewritten).build();
        } catch (MalformedPackageURLException e) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Diagnostic.SCANNER,
                    OptionalInt.of(p.location().layer()), Optional.of(p.location().path()),
                    "cannot add distro to package URL " + u + ": " + e.getMessage()));
            return p;
        }
    }

}
