package dev.tarsier.testkit;

import dev.tarsier.api.spi.AnalyzerInput;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An {@link AnalyzerInput} backed by bytes in memory. */
public final class MemoryInput implements AnalyzerInput {
    private final String path;
    private final byte[] content;
    private final int mode;
    private final int layer;
    private final Map<String, byte[]> companions;
    private ByteArrayInputStream opened;

    public MemoryInput(String path, byte[] content, int mode, int layer) {
        this(path, content.clone(), mode, layer, Map.of());
    }

    /** Takes ownership of {@code content}: callers pass a copy or an array they never change. */
    private MemoryInput(String path, byte[] content, int mode, int layer, Map<String, byte[]> companions) {
        this.path = Objects.requireNonNull(path, "path");
        this.content = content;
        this.mode = mode;
        this.layer = layer;
        this.companions = Map.copyOf(companions);
    }

    /**
     * A regular file in layer 0 that shares {@code content} instead of copying it: for benchmarks
     * that offer the same bytes many times. The caller must not change the array afterwards.
     */
    public static MemoryInput sharing(String path, byte[] content) {
        return new MemoryInput(path, content, 0644, 0, Map.of());
    }

    /**
     * This input with a companion file {@code path() + suffix} (see
     * {@link dev.tarsier.api.spi.Analyzer#companionSuffixes()}).
     */
    public MemoryInput withCompanion(String suffix, byte[] companionContent) {
        Map<String, byte[]> more = new HashMap<>(companions);
        more.put(suffix, companionContent.clone());
        return new MemoryInput(path, content, mode, layer, more);
    }

    @Override
    public Optional<InputStream> companion(String suffix) {
        byte[] bytes = companions.get(suffix);
        return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    }

    /** A regular, non-executable file in layer 0. */
    public static MemoryInput of(String path, byte[] content) {
        return new MemoryInput(path, content, 0644, 0);
    }

    /** A regular, non-executable UTF-8 text file in layer 0. */
    public static MemoryInput of(String path, String content) {
        return of(path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public int mode() {
        return mode;
    }

    @Override
    public int layer() {
        return layer;
    }

    @Override
    public InputStream stream() {
        if (opened != null) {
            throw new IllegalStateException("stream() may be called once: " + path);
        }
        opened = new ByteArrayInputStream(content);
        return opened;
    }

    /**
     * How many bytes the analyzer consumed from {@link #stream()} (read or skipped): for tests that
     * an analyzer stops early or reads only a file's magic.
     *
     * @since 0.4
     */
    public long bytesConsumed() {
        return opened == null ? 0 : content.length - opened.available();
    }
}
