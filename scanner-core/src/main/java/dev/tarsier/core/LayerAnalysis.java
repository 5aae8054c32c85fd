package dev.tarsier.core;

import dev.tarsier.core.internal.cache.LayerCodec;
import dev.tarsier.core.internal.walk.LayerResult;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the analyzers found in one layer, opaque: made by {@link ImageScanner#analyzeLayer} and
 * given to {@link ImageScanner#assemble}. A layer's content is fixed by its diffID, so one analysis
 * serves every image that has the layer, at whatever position: analyse each distinct layer once and
 * assemble many images from the analyses.
 *
 * <p>Immutable and {@link Serializable}; {@link #toBytes()} and {@link #fromBytes} give a compact,
 * checksummed binary form (the persistent layer cache's entry format) for storing analyses or
 * moving them between processes. An analysis is only valid for a scanner with the same analyzers
 * (ids, versions, origins) and options: {@link ImageScanner#assemble} refuses others.
 *
 * @since 0.4
 */
public final class LayerAnalysis implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String diffId;
    private final transient String fingerprint;
    private final transient LayerResult result;

    LayerAnalysis(String diffId, String fingerprint, LayerResult result) {
        this.diffId = Objects.requireNonNull(diffId, "diffId");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.result = Objects.requireNonNull(result, "result");
    }

    /** The diffID of the layer analysed ({@code sha256:...}); never null. */
    public String diffId() {
        return diffId;
    }

    String fingerprint() {
        return fingerprint;
    }

    LayerResult result() {
        return result;
    }

    /**
     * The binary form: the key (diffID and analyzer fingerprint) and the layer cache's checksummed
     * entry.
     *
     * @return a new array; never null
     */
    public byte[] toBytes() {
        String key = key(diffId, fingerprint);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] entry = LayerCodec.encode(key, result);
        return ByteBuffer.allocate(4 + keyBytes.length + entry.length)
                .putInt(keyBytes.length).put(keyBytes).put(entry).array();
    }

    /**
     * Reads the binary form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not such an analysis (truncated, damaged,
     *     another format version)
     */
    public static LayerAnalysis fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 4) {
            throw new IllegalArgumentException("not a layer analysis: " + bytes.length + " bytes");
        }
        int keyLength = in.getInt();
        if (keyLength < 0 || keyLength > in.remaining()) {
            throw new IllegalArgumentException("not a layer analysis: key of " + keyLength + " bytes");
        }
        String key = new String(bytes, 4, keyLength, StandardCharsets.UTF_8);
        int split = key.indexOf('\n');
        if (split < 0) {
            throw new IllegalArgumentException("not a layer analysis: no diffID in the key");
        }
        byte[] entry = new byte[bytes.length - 4 - keyLength];
        System.arraycopy(bytes, 4 + keyLength, entry, 0, entry.length);
        try {
            return new LayerAnalysis(key.substring(0, split), key.substring(split + 1), LayerCodec.decode(key, entry));
        } catch (LayerCodec.CorruptEntryException e) {
            throw new IllegalArgumentException("not a layer analysis: " + e.getMessage(), e);
        }
    }

    private static String key(String diffId, String fingerprint) {
        return diffId + "\n" + fingerprint;
    }

    @Override
    public String toString() {
        return "LayerAnalysis[" + diffId + ", " + result.results().size() + " selected files]";
    }

    @Serial
    private Object writeReplace() {
        return new Form(toBytes());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a LayerAnalysis is read through its serialised form");
    }

    /** The serialised form: {@link #toBytes()}. */
    private record Form(byte[] bytes) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            try {
                return fromBytes(bytes);
            } catch (IllegalArgumentException | NullPointerException e) {
                InvalidObjectException bad = new InvalidObjectException(e.getMessage());
                bad.initCause(e);
                throw bad;
            }
        }
    }
}
