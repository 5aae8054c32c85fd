package dev.tarsier.report;

import dev.tarsier.api.Inventory;
import dev.tarsier.report.internal.sbom.Documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads an SBOM, or a stored Tarsier JSON report, back into an {@link Inventory} that the
 * vulnerability matcher, the policy and every report writer accept: scanning without the image.
 *
 * <p>Accepted, told apart by content: CycloneDX 1.4–1.6 JSON ({@code bomFormat}), SPDX 2.x JSON
 * ({@code spdxVersion}; written for 2.3) and Tarsier's JSON report ({@code schemaVersion},
 * {@code image}, {@code packages}). Packages come from the package URLs (their type gives the
 * package type and ecosystem), the OS from the document's operating-system component or package,
 * else from the OS packages' {@code distro} qualifier; source packages from the properties Tarsier,
 * Syft and Trivy write, or the {@code upstream} qualifier. Layers are kept when the document lists
 * them (Tarsier, Trivy); otherwise the image has one pseudo-layer. See docs/reports.md, "SBOMs as
 * scan input", for every field read.
 *
 * <p>Bad entries (a component without PURL, a PURL that does not parse) become diagnostics of the
 * inventory; a document that cannot be read at all throws {@link SbomReadException}.
 *
 * @since 0.4
 */
public final class SbomReader {

    /** The largest document read (the JSON is held in memory as a tree). */
    public static final long MAX_SIZE = 256L << 20;

    /** The image reference prefix of an SBOM given as scan input. */
    public static final String PREFIX = "sbom:";

    private SbomReader() {
    }

    /**
     * Reads the document at {@code path}; the inventory's image source is {@code sbom:PATH}.
     *
     * @return the inventory; never null
     * @throws SbomReadException when the file cannot be read, is too large or is not a document of
     *     a kind listed above (one-line message naming the file)
     * @throws NullPointerException if {@code path} is null
     */
    public static Inventory read(Path path) throws SbomReadException {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_SIZE) {
                throw new SbomReadException(path + ": larger than " + (MAX_SIZE >> 20) + " MiB");
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_SIZE + 1);
            }
        } catch (NoSuchFileException e) {
            throw new SbomReadException(path + ": no such file", e);
        } catch (IOException e) {
            throw new SbomReadException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_SIZE) {
            throw new SbomReadException(path + ": larger than " + (MAX_SIZE >> 20) + " MiB");
        }
        Path name = path.getFileName();
        return read(bytes, PREFIX + path, name == null ? "sbom" : name.toString());
    }

    /**
     * Whether the inventory is one this reader made from a document that names no layers: its image
     * has the single pseudo-layer standing for the document. Remediation should then not call that
     * layer a base image ({@code Report.withBaseLayers(0)}).
     *
     * @throws NullPointerException if {@code inventory} is null
     */
    public static boolean layerless(Inventory inventory) {
        return inventory.image().source().startsWith(PREFIX) && inventory.image().layers().size() == 1
                && inventory.image().layer(0).createdBy().filter(c -> c.endsWith(Documents.NO_LAYERS)).isPresent();
    }

    /**
     * Reads a document held in memory.
     *
     * @param source the image source the inventory reports (for example {@code sbom:app.cdx.json})
     * @param name the document's file name: the path of packages for which the document gives none
     * @throws SbomReadException when the bytes are not a document of a kind listed above
     * @throws NullPointerException if an argument is null
     */
    public static Inventory read(byte[] document, String source, String name) throws SbomReadException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        try {
            return Documents.read(document, source, name);
        } catch (Documents.Unreadable e) {
            throw new SbomReadException(name + ": " + e.getMessage(), e);
        }
    }
}
