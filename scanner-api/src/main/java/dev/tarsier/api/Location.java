package dev.tarsier.api;

import java.util.Objects;

/**
 * Where something was found: a layer and a path inside the image's file system.
 *
 * <p>Paths are relative to the image root, use {@code /} as separator and never start with
 * {@code /} or {@code ./}. A file inside an archive is written as a chain with {@code !/}, for
 * example {@code opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar}.
 *
 * @param layer index of the layer (for an inventory package: the layer that introduced it)
 * @param path normalised path, never null or empty
 * @since 0.1
 */
public record Location(int layer, String path) {

    /** Separator between an archive and an entry inside it. */
    public static final String NESTED_SEPARATOR = "!/";

    public Location {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0: " + layer);
        }
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("path must be relative and non-empty: '" + path + "'");
        }
    }

    /** Returns the location of an entry inside the archive at this location. */
    public Location nested(String entryPath) {
        Objects.requireNonNull(entryPath, "entryPath");
        return new Location(layer, path + NESTED_SEPARATOR + entryPath);
    }

    /** Returns this location moved to another layer. */
    public Location withLayer(int newLayer) {
        return new Location(newLayer, path);
    }

    /** The path of the file in the image file system: the chain up to the first {@code !/}. */
    public String filePath() {
        int bang = path.indexOf(NESTED_SEPARATOR);
        return bang < 0 ? path : path.substring(0, bang);
    }
}
