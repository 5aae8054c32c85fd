package dev.tarsier.core.internal.cache;

import com.github.packageurl.PackageURL;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.LayerStore;
import dev.tarsier.core.internal.walk.PathResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerCacheCodecTest {

    @TempDir
    Path tmp;

    static LayerResult sample(String marker) throws Exception {
        Package full = Package.builder("deb", "libssl3", "3.0.11-1~deb12u2")
                .purl(new PackageURL("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"))
                .kind(PackageKind.OS).ecosystem("Debian:12").sourceName("openssl").sourceVersion("3.0.11-1")
                .location(new Location(2, "var/lib/dpkg/status")).license("Apache-2.0").license("OpenSSL")
                .files(List.of("usr/lib/libssl.so.3", "usr/share/doc/é"))
                .property("arch", "amd64").property("maintainer", "Debian <x@example.org>").property("z", marker)
                .build().withAnalyzer("os.dpkg");
        Package bare = Package.builder("maven", "log4j-core", "")
                .purl(new PackageURL("pkg:maven/org.apache.logging.log4j/log4j-core"))
                .location(new Location(2, "app.jar!/BOOT-INF/lib/log4j-core.jar")).build();
        OperatingSystem os = new OperatingSystem("debian", "12", Optional.of("bookworm"),
                Optional.of("Debian GNU/Linux 12"), List.of("linux"));
        TreeMap<String, PathResult> results = new TreeMap<>();
        results.put("var/lib/dpkg/status", new PathResult(List.of(full), List.of(), List.of()));
        results.put("app.jar", new PathResult(List.of(bare), List.of(), List.of()));
        results.put("etc/os-release", new PathResult(List.of(),
                List.of(new PathResult.OsEvidence(os, 90, "etc/os-release", 2),
                        new PathResult.OsEvidence(OperatingSystem.of("debian", ""), 10, "etc/debian_version", 2),
                        new PathResult.OsEvidence(new OperatingSystem("rhel", "", Optional.empty(), Optional.empty(),
                                List.of(), List.of("rhel-9-for-x86_64-baseos-rpms")), 20, "root/buildinfo/content_manifests/a.json", 2)),
                List.of()));
        results.put("var/lib/dpkg/info/openssl.list", new PathResult(List.of(), List.of(),
                List.of(new FileOwnership("deb", "openssl", List.of("usr/bin/openssl")))));
        results.put("empty", PathResult.EMPTY);
        return new LayerResult(2, results, Set.of("opt/old", "a b"), Set.of("opt/plugins"),
                Map.of("bin", "usr/bin", "lib/x", "/abs/target"), Set.of("bin", "srv"),
                List.of(Diagnostic.of(Diagnostic.Severity.WARNING, "app.jar", 2, "app.jar", "not a zip: " + marker),
                        new Diagnostic(Diagnostic.Severity.INFO, "tarsier", OptionalInt.empty(), Optional.empty(), "note")));
    }

    @Test
    void decode_ofEncode_givesBackEveryField() throws Exception {
        LayerResult r = sample("x");
        LayerResult back = LayerCodec.decode("k", LayerCodec.encode("k", r));
        assertEquals(r, back);
        // maps and lists keep their order too (sets are compared as sets: Set.copyOf has no order)
        assertEquals(r.results().toString(), back.results().toString());
        assertEquals(r.diagnostics().toString(), back.diagnostics().toString());
    }

    @Test
    void decode_anyTruncationOrFlippedByte_isACorruptEntryNeverAnotherException() throws Exception {
        byte[] good = LayerCodec.encode("k", sample("x"));
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(LayerCodec.CorruptEntryException.class, () -> LayerCodec.decode("k", cut), "length " + n);
        }
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertThrows(LayerCodec.CorruptEntryException.class, () -> LayerCodec.decode("k", bad), "byte " + i);
        }
        assertThrows(LayerCodec.CorruptEntryException.class, () -> LayerCodec.decode("other", good));
    }

    private static final String DIFF_A = "sha256:" + "a".repeat(64);
    private static final String DIFF_B = "sha256:" + "b".repeat(64);
    private static final String DIFF_C = "sha256:" + "c".repeat(64);

    @Test
    void store_overTheCap_evictsTheLeastRecentlyUsedFirst() throws Exception {
        long one = LayerCodec.encode("x", sample("1")).length;
        Path dir = tmp.resolve("layers");
        DiskLayerCache cache = new DiskLayerCache(dir, one * 2 + one / 2, "fp");
        cache.store(DIFF_A, sample("1"));
        cache.store(DIFF_B, sample("1"));
        Files.setLastModifiedTime(cache.entry(DIFF_A), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cache.entry(DIFF_B), FileTime.fromMillis(2_000_000));
        assertTrue(cache.lookup(DIFF_A).result().isPresent(), "a read touches A: B is now the oldest");
        cache.store(DIFF_C, sample("1"));
        assertTrue(Files.exists(cache.entry(DIFF_A)));
        assertFalse(Files.exists(cache.entry(DIFF_B)));
        assertTrue(Files.exists(cache.entry(DIFF_C)));
        assertEquals(LayerStore.Lookup.MISS, cache.lookup(DIFF_B));
    }

    @Test
    void evict_removesStaleTemporaryFilesOfKilledWriters() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("layers"));
        Path stale = Files.writeString(dir.resolve("abc.layer.123.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Path fresh = Files.writeString(dir.resolve("abd.layer.124.tmp"), "in progress");
        new DiskLayerCache(dir, 1 << 20, "fp").store(DIFF_A, sample("1"));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "another process may still be writing it");
    }

    @Test
    void store_resultWithAnError_isNotKept() throws Exception {
        DiskLayerCache cache = new DiskLayerCache(tmp, 1 << 20, "fp");
        LayerResult r = sample("1").withDiagnostic(Diagnostic.of(Diagnostic.Severity.ERROR, "tarsier", 2, null, "truncated"));
        cache.store(DIFF_A, r);
        assertFalse(Files.exists(cache.entry(DIFF_A)));
    }

    @Test
    void lookup_ofAnotherFingerprint_misses() throws Exception {
        new DiskLayerCache(tmp, 1 << 20, "fp1").store(DIFF_A, sample("1"));
        assertEquals(LayerStore.Lookup.MISS, new DiskLayerCache(tmp, 1 << 20, "fp2").lookup(DIFF_A));
        assertTrue(new DiskLayerCache(tmp, 1 << 20, "fp1").lookup(DIFF_A).result().isPresent());
    }

    @Test
    void fingerprint_coversIdsVersionsOriginsAndTheSharedBuffer() {
        List<AnalyzerInfo> a = List.of(new AnalyzerInfo("os.dpkg", 1, AnalyzerInfo.BUILT_IN));
        String base = DiskLayerCache.fingerprint(a, 32);
        assertNotEquals(base, DiskLayerCache.fingerprint(List.of(new AnalyzerInfo("os.dpkg", 2, AnalyzerInfo.BUILT_IN)), 32));
        assertNotEquals(base, DiskLayerCache.fingerprint(List.of(new AnalyzerInfo("os.dpkg", 1, "/p/x.jar")), 32));
        assertNotEquals(base, DiskLayerCache.fingerprint(List.of(), 32));
        assertNotEquals(base, DiskLayerCache.fingerprint(a, 64));
        assertEquals(base, DiskLayerCache.fingerprint(a, 32));
    }
}
