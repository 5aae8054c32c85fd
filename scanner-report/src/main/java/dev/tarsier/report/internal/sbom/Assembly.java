package dev.tarsier.report.internal.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the SBOM readers collect before they make the {@link Inventory}: the image facts the
 * document states, its layers (when it lists them), the OS and the packages.
 *
 * <p>Layers: a document that lists them (Tarsier's own, Trivy's {@code DiffID}s) keeps them, and a
 * package keeps its layer when the document names it. Otherwise the image gets one pseudo-layer
 * (index 0, the document's digest as diffId, {@code createdBy} saying it stands for the SBOM) and
 * every package is at that layer: reports and the gate need a layer, and the SBOM does not say.
 * A package without a path is at the document's file name.
 */
public final class Assembly {

    static final String NO_LAYERS = "(the document names no layers)";

    /** Source id of the diagnostics the readers raise. */
    public static final String SOURCE = "sbom";

    final String source;
    final String documentName;
    final String documentDigest;
    String digest;
    Optional<String> platform = Optional.empty();
    final List<String> tags = new ArrayList<>();
    private final Map<String, Layer> layersByDiffId = new LinkedHashMap<>();
    private final Map<Integer, Layer> layersByIndex = new HashMap<>();
    OperatingSystem os;
    private final List<Package> packages = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private OperatingSystem distroFromPurls;

    /**
     * @param source the reference the inventory is labelled with ({@code sbom:PATH})
     * @param documentName the file name, the default package path
     * @param documentDigest {@code sha256:...} of the document bytes
     */
    Assembly(String source, String documentName, String documentDigest) {
        this.source = source;
        this.documentName = documentName.isEmpty() ? "sbom" : documentName;
        this.documentDigest = documentDigest;
    }

    void layer(int index, String diffId, String createdBy) {
        Layer l = new Layer(index, diffId, Optional.empty(), Optional.ofNullable(createdBy));
        layersByIndex.put(index, l);
        layersByDiffId.putIfAbsent(diffId, l);
    }

    /** The index of a listed layer, by diffId. */
    OptionalInt layerOf(String diffId) {
        Layer l = diffId == null ? null : layersByDiffId.get(diffId);
        return l == null ? OptionalInt.empty() : OptionalInt.of(l.index());
    }

    boolean hasLayer(int index) {
        return layersByIndex.containsKey(index);
    }

    void warn(String path, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, SOURCE, OptionalInt.empty(),
                Optional.ofNullable(path), message));
    }

    /** A location in the document: its path when given (leading slashes dropped), else the file name. */
    Location location(OptionalInt layer, String path) {
        String p = path == null ? "" : path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        int l = layer.isPresent() && hasLayer(layer.getAsInt()) ? layer.getAsInt() : 0;
        return new Location(l, p.isEmpty() ? documentName : p);
    }

    /**
     * Adds the package of a PURL; a PURL that does not parse or that cannot make a package is a
     * warning naming the entry.
     */
    void purl(String entry, String purlText, String version, PurlPackages.Hints hints, Location location,
              List<String> licenses, Map<String, String> properties) {
        PackageURL purl;
        try {
            purl = new PackageURL(purlText);
        } catch (MalformedPackageURLException | RuntimeException e) {
            warn(entry, "not a package URL: " + purlText + " (" + e.getMessage() + "); skipped");
            return;
        }
        add(entry, purl, version, hints, location, licenses, properties);
    }

    void add(String entry, PackageURL purl, String version, PurlPackages.Hints hints, Location location,
             List<String> licenses, Map<String, String> properties) {
        try {
            Package p = PurlPackages.of(purl, version, hints, location, licenses, properties);
            packages.add(p);
            if (PurlPackages.isOs(purl) && distroFromPurls == null) {
                distroFromPurls = PurlPackages.distro(purl).orElse(null);
            }
        } catch (IllegalArgumentException e) {
            warn(entry, "package " + purl.canonicalize() + ": " + e.getMessage() + "; skipped");
        }
    }

    void add(Package p) {
        packages.add(p);
    }

    int packageCount() {
        return packages.size();
    }

    /**
     * Trivy names some distributions by its own ids (its {@code os.Family}), not by os-release's
     * {@code ID}, which the matcher maps to advisory ecosystems: {@code redhat} is {@code rhel},
     * {@code alma} {@code almalinux}, {@code amazon} {@code amzn}, {@code oracle} {@code ol},
     * {@code opensuse.leap} {@code opensuse-leap}, {@code suse linux enterprise server}
     * {@code sles}, {@code cbl-mariner} {@code mariner}.
     */
    static OperatingSystem normalise(OperatingSystem os) {
        if (os == null) {
            return null;
        }
        String id = switch (os.family()) {
            case "redhat" -> "rhel";
            case "alma" -> "almalinux";
            case "amazon" -> "amzn";
            case "oracle" -> "ol";
            case "opensuse.leap" -> "opensuse-leap";
            case "opensuse.tumbleweed" -> "opensuse-tumbleweed";
            case "suse linux enterprise server" -> "sles";
            case "cbl-mariner" -> "mariner";
            default -> os.family();
        };
        return id.equals(os.family()) ? os : new OperatingSystem(id, os.version(), os.codename(), os.name(), os.idLike(),
                os.contentSets());
    }

    /**
     * The inventory. The OS is the document's OS component, else the {@code distro} qualifier of
     * the first OS package that has one; OS packages without any are matched against that OS.
     */
    Inventory inventory() {
        OperatingSystem finalOs = normalise(os != null ? os : distroFromPurls);
        if (os != null && distroFromPurls != null && os.version().isEmpty()
                && os.family().equals(distroFromPurls.family())) {
            finalOs = distroFromPurls;
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; layersByIndex.containsKey(i); i++) {
            layers.add(layersByIndex.get(i));
        }
        if (layers.isEmpty()) {
            layers.add(new Layer(0, documentDigest, Optional.empty(),
                    Optional.of("SBOM " + documentName + " " + NO_LAYERS)));
        }
        List<Package> kept = new ArrayList<>();
        for (Package p : packages) {
            kept.add(p.location().layer() < layers.size() ? p : p.withLocation(p.location().withLayer(0)));
        }
        Image image = new Image(source, digest != null && !digest.isBlank() ? digest : documentDigest, platform,
                tags, layers);
        return new Inventory(image, Optional.ofNullable(finalOs), kept, diagnostics);
    }
}
