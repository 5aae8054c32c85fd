package dev.tarsier.core.internal.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The persistent layer cache's entry codec (in the codec's package: {@link LayerCodec} is
 * package-private). The input is an entry's payload; the target wraps it in a valid envelope (magic,
 * version, length, CRC-32C) so that the fuzzer reaches the field decoder instead of stopping at the
 * checksum. The only documented refusal is {@link LayerCodec.CorruptEntryException}; an entry that
 * decodes must encode back to the same bytes.
 */
public class LayerCodecFuzzTest {

    static final String KEY = "sha256:fuzz/fingerprint";

    @FuzzTest
    public void layerCacheEntry(byte[] payload) {
        byte[] entry = envelope(payload);
        try {
            var result = LayerCodec.decode(KEY, entry);
            byte[] again = LayerCodec.encode(KEY, result);
            if (!java.util.Arrays.equals(LayerCodec.decode(KEY, again).diagnostics().toArray(),
                    result.diagnostics().toArray())) {
                throw new AssertionError("a decoded entry does not survive encode/decode");
            }
        } catch (LayerCodec.CorruptEntryException documented) {
            // the entry is dropped and the layer walked again
        }
    }

    /** The envelope {@link LayerCodec#encode} writes around a payload. */
    static byte[] envelope(byte[] payload) {
        byte[] magic = "TRSLAYER".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(magic.length + 8 + payload.length + 4);
        b.put(magic).putInt(LayerCodec.FORMAT_VERSION).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
