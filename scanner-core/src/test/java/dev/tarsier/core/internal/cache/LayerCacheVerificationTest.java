package dev.tarsier.core.internal.cache;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.core.internal.walk.LayerReader;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.SelectorIndex;
import dev.tarsier.testkit.LayerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walker stores a layer only when its uncompressed content hashes to the diffID it was given. */
class LayerCacheVerificationTest {

    @TempDir
    Path tmp;

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void read_storesOnlyWhenTheUncompressedContentMatchesTheDiffId() throws Exception {
        byte[] tar = new LayerBuilder().file("etc/os-release", "ID=debian\n").whiteout("opt/x").bytes();
        byte[] blob = gzip(tar);
        String diffId = sha256(tar);
        String other = sha256(new LayerBuilder().file("etc/os-release", "ID=alpine\n").bytes());
        DiskLayerCache cache = new DiskLayerCache(tmp, 1 << 20,
                DiskLayerCache.fingerprint(List.<AnalyzerInfo>of(), 0));
        LayerReader reader = new LayerReader(new SelectorIndex(List.of()), 0, (b, n, e) -> { }, cache);

        reader.read(0, "blob", new ByteArrayInputStream(blob), Optional.of(sha256(blob)), Optional.of(other));
        assertFalse(Files.exists(cache.entry(other)), "content of another layer is never stored under its diffID");
        reader.read(0, "blob", new ByteArrayInputStream(blob), Optional.of(sha256(blob)), Optional.of(sha256(blob)));
        assertFalse(Files.exists(cache.entry(sha256(blob))), "the compressed digest is not a diffID");

        LayerResult walked = reader.read(3, "blob", new ByteArrayInputStream(blob), Optional.empty(), Optional.of(diffId));
        assertTrue(Files.exists(cache.entry(diffId)));
        LayerReader.Cached hit = reader.cached(5, Optional.of(diffId));
        assertEquals(Optional.of(walked.withLayer(5)), hit.result());
        assertEquals(java.util.Set.of("opt/x"), hit.result().orElseThrow().whiteouts());
    }

    @Test
    void read_truncatedLayer_isNotStored() throws Exception {
        byte[] tar = new LayerBuilder().file("etc/os-release", "ID=debian\n").file("a", new byte[5000]).bytes();
        byte[] cut = java.util.Arrays.copyOf(gzip(tar), 60);
        DiskLayerCache cache = new DiskLayerCache(tmp, 1 << 20, "fp");
        LayerReader reader = new LayerReader(new SelectorIndex(List.of()), 0, (b, n, e) -> { }, cache);
        reader.read(0, "blob", new ByteArrayInputStream(cut), Optional.empty(), Optional.of(sha256(tar)));
        assertFalse(Files.exists(cache.entry(sha256(tar))));
    }
}
