package dev.tarsier.core;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Image;
import dev.tarsier.api.Layer;
import dev.tarsier.core.internal.source.ResolvedImage;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An image whose manifest and config were read but none of its layers: what
 * {@link ImageScanner#resolve} returns, and what {@link ImageScanner#analyzeLayer} and
 * {@link ImageScanner#assemble} take. It holds the image model (digest, platform, tags, and per
 * layer its diffID, blob digest and history command), where each layer's blob is in the source,
 * and the diagnostics met while reading the config.
 *
 * <p>Immutable and {@link Serializable} (the serialised form holds only strings), so that a plan
 * made in one process can be analysed layer by layer in others: a cluster's driver resolves the
 * images and its executors read the layers. Whoever reads a layer from the plan opens the image
 * again from {@link #reference()}: a registry image must be reachable from there with the same
 * registry options, a layout or archive must be at the same path.
 *
 * @since 0.4
 */
public final class ImagePlan implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String reference;
    private final transient ResolvedImage resolved;

    ImagePlan(String reference, ResolvedImage resolved) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.resolved = Objects.requireNonNull(resolved, "resolved");
    }

    /** The image reference the plan was resolved from, as written ({@code registry:host/repo:tag}); never null. */
    public String reference() {
        return reference;
    }

    /**
     * The image as its manifest and config describe it: digest, platform, tags and the layers bottom
     * first (diffID, blob digest when the source has one, history command); never null.
     */
    public Image image() {
        return resolved.image();
    }

    /** Number of layers. */
    public int layerCount() {
        return resolved.image().layers().size();
    }

    /** Problems met while reading the manifest and config (every inventory assembled from this plan repeats them); never null. */
    public List<Diagnostic> diagnostics() {
        return resolved.diagnostics();
    }

    ResolvedImage resolved() {
        return resolved;
    }

    @Override
    public String toString() {
        return "ImagePlan[" + reference + ", " + image().digest() + ", " + layerCount() + " layers]";
    }

    @Serial
    private Object writeReplace() {
        Image image = resolved.image();
        List<String[]> layers = new ArrayList<>();
        for (int i = 0; i < image.layers().size(); i++) {
            Layer l = image.layer(i);
            layers.add(new String[] {l.diffId(), l.digest().orElse(null), l.createdBy().orElse(null),
                    resolved.layerKeys().get(i), resolved.layerDigests().get(i).orElse(null)});
        }
        List<String[]> diagnostics = resolved.diagnostics().stream()
                .map(d -> new String[] {d.severity().name(), d.source(),
                        d.layer().isPresent() ? Integer.toString(d.layer().getAsInt()) : null,
                        d.path().orElse(null), d.message()})
                .toList();
        return new Form(reference, image.source(), image.digest(), image.platform().orElse(null),
                new ArrayList<>(image.tags()), new ArrayList<>(layers), new ArrayList<>(diagnostics));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an ImagePlan is read through its serialised form");
    }

    /** The serialised form: strings only, checked again by the model's constructors when read. */
    private record Form(String reference, String source, String digest, String platform, ArrayList<String> tags,
                        ArrayList<String[]> layers, ArrayList<String[]> diagnostics) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            try {
                List<Layer> model = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                List<Optional<String>> verify = new ArrayList<>();
                for (String[] l : layers) {
                    model.add(new Layer(model.size(), l[0], Optional.ofNullable(l[1]), Optional.ofNullable(l[2])));
                    keys.add(Objects.requireNonNull(l[3], "layer key"));
                    verify.add(Optional.ofNullable(l[4]));
                }
                List<Diagnostic> diags = new ArrayList<>();
                for (String[] d : diagnostics) {
                    diags.add(new Diagnostic(Diagnostic.Severity.valueOf(d[0]), d[1],
                            d[2] == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(d[2])),
                            Optional.ofNullable(d[3]), d[4]));
                }
                Image image = new Image(source, digest, Optional.ofNullable(platform), tags, model);
                return new ImagePlan(reference, new ResolvedImage(image, keys, verify, diags));
            } catch (RuntimeException e) {
                InvalidObjectException bad = new InvalidObjectException("not an image plan: " + e);
                bad.initCause(e);
                throw bad;
            }
        }
    }
}
