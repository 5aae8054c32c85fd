package dev.tarsier.core.internal.registry;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.internal.walk.LayerResult;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayerCacheTest {

    private static LayerResult result(Diagnostic.Severity... severities) {
        List<Diagnostic> diagnostics = Arrays.stream(severities)
                .map(s -> new Diagnostic(s, Diagnostic.SCANNER, OptionalInt.of(0), Optional.empty(), "x")).toList();
        return new LayerResult(0, new TreeMap<>(), Set.of(), Set.of(), Map.of(), Set.of(), diagnostics);
    }

    @Test
    void put_beyondCapacity_evictsTheLeastRecentlyUsed() {
        LayerCache cache = new LayerCache(2);
        LayerResult a = result();
        cache.put("sha256:a", a);
        cache.put("sha256:b", result());
        assertEquals(Optional.of(a), cache.get("sha256:a")); // a is now the most recently used
        cache.put("sha256:c", result());
        assertEquals(2, cache.size());
        assertEquals(Optional.empty(), cache.get("sha256:b"));
        assertEquals(Optional.of(a), cache.get("sha256:a"));
    }

    @Test
    void put_resultWithAnError_isNotKept_butWarningsAre() {
        LayerCache cache = new LayerCache(4);
        cache.put("sha256:broken", result(Diagnostic.Severity.WARNING, Diagnostic.Severity.ERROR));
        cache.put("sha256:warned", result(Diagnostic.Severity.WARNING));
        assertEquals(Optional.empty(), cache.get("sha256:broken"));
        assertEquals(1, cache.size());
    }

    @Test
    void none_keepsNothing_andNegativeCapacityIsRefused() {
        LayerCache.NONE.put("sha256:a", result());
        assertEquals(Optional.empty(), LayerCache.NONE.get("sha256:a"));
        assertThrows(IllegalArgumentException.class, () -> new LayerCache(-1));
    }
}
