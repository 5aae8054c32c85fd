package dev.tarsier.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Re-matches stored inventories against the current vulnerability database and says, per image,
 * which findings are new and which are gone since the last run: the nightly question "what changed
 * after {@code db update}?" answered without reading any image again.
 *
 * <p>The directory holds documents {@link SbomReader} reads (Tarsier JSON reports, CycloneDX and
 * SPDX JSON), files ending {@code .json}, read non-recursively; hidden files are skipped. The
 * findings of each run are kept beside them in {@value #STATE_DIR}{@code /<file>.findings.json}
 * (written atomically); a document without a state file is on its first run and all its findings
 * are new. A finding is identified by vulnerability id, package URL and package path, so a changed
 * severity or fix is not a change, a new advisory or a new alias folded into another id is.
 *
 * <p>Documents are read and matched in parallel. A document that cannot be read is reported for its
 * file and its state is left as it was.
 *
 * @since 0.4
 */
public final class Rescan {

    /** The directory, inside the scanned one, holding the findings of the previous run. */
    public static final String STATE_DIR = ".tarsier-rescan";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STATE_VERSION = 1;

    private final VulnerabilityMatcher matcher;
    private final Policy policy;
    private final int parallelism;
    private final boolean updateState;

    /**
     * @param matcher the matcher over the current database; never null
     * @param parallelism documents read and matched at once (at least 1)
     * @param updateState whether to write the new state (false: a dry run)
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    public Rescan(VulnerabilityMatcher matcher, int parallelism, boolean updateState) {
        this(matcher, null, parallelism, updateState);
    }

    /**
     * A rescan that counts only the findings a policy leaves active: those its ignore files, VEX
     * documents or {@code ignoreUnfixed} suppress are neither new nor kept in the state (a finding
     * silenced since the last run is reported gone). Thresholds of the policy play no part.
     *
     * @param policy the suppressions to apply, or null for none
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    public Rescan(VulnerabilityMatcher matcher, Policy policy, int parallelism, boolean updateState) {
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.policy = policy;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.updateState = updateState;
    }

    /**
     * A finding as remembered between runs.
     *
     * @param id vulnerability id
     * @param purl canonical package URL
     * @param path package path
     * @param severity severity at the time
     * @param kind OS or application package
     */
    public record Key(String id, String purl, String path, Severity severity, PackageKind kind) {
        static Key of(Finding f) {
            return new Key(f.id(), f.pkg().purl().canonicalize(), f.pkg().location().path(), f.severity(), f.kind());
        }

        String identity() {
            return id + '\n' + purl + '\n' + path;
        }
    }

    /**
     * What changed for one stored document.
     *
     * @param file the document's file name
     * @param image the image it describes (its first tag, else its source), when it could be read
     * @param digest the image digest the document states (or the document's own digest)
     * @param firstRun true when there was no state: every finding is new
     * @param findings how many findings the document has now
     * @param added findings that were not there last run, most severe first
     * @param gone findings of the last run that are no longer found
     * @param error why the document could not be read; then nothing else is set
     */
    public record ImageChanges(String file, Optional<String> image, Optional<String> digest, boolean firstRun, int findings,
                               List<Key> added, List<Key> gone, Optional<String> error) {
        public ImageChanges {
            added = List.copyOf(added);
            gone = List.copyOf(gone);
        }
    }

    /**
     * The result of a run, one entry per document in file-name order.
     */
    public record Result(List<ImageChanges> images) {
        public Result {
            images = List.copyOf(images);
        }

        /** Whether any document could not be read. */
        public boolean hasErrors() {
            return images.stream().anyMatch(i -> i.error().isPresent());
        }

        /** New findings at or above {@code threshold} (UNKNOWN counting as {@code unknownAs}, none when null). */
        public List<Key> newAtLeast(Severity threshold, Severity unknownAs) {
            List<Key> out = new ArrayList<>();
            for (ImageChanges i : images) {
                for (Key k : i.added()) {
                    Severity s = k.severity() == Severity.UNKNOWN ? unknownAs : k.severity();
                    if (s != null && s.atLeast(threshold)) {
                        out.add(k);
                    }
                }
            }
            return out;
        }

        /** The changes as JSON: {@code schemaVersion}, {@code images} [{file, image, digest, firstRun, findings, new, gone, error}]. */
        public void writeJson(OutputStream out) throws IOException {
            try (JsonGenerator g = JsonReport.generator(out)) {
                g.writeStartObject();
                g.writeNumberField("schemaVersion", 1);
                g.writeArrayFieldStart("images");
                for (ImageChanges i : images) {
                    g.writeStartObject();
                    g.writeStringField("file", i.file());
                    if (i.error().isPresent()) {
                        g.writeStringField("error", i.error().get());
                        g.writeEndObject();
                        continue;
                    }
                    g.writeStringField("image", i.image().orElse(""));
                    g.writeStringField("digest", i.digest().orElse(""));
                    g.writeBooleanField("firstRun", i.firstRun());
                    g.writeNumberField("findings", i.findings());
                    keys(g, "new", i.added());
                    keys(g, "gone", i.gone());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }

        /** The changes as text: one line per document, then one per new ({@code +}) or gone ({@code -}) finding. */
        public void writeTable(PrintWriter out) {
            int added = 0;
            int gone = 0;
            for (ImageChanges i : images) {
                if (i.error().isPresent()) {
                    out.println(i.file() + ": cannot read: " + i.error().get());
                    continue;
                }
                added += i.added().size();
                gone += i.gone().size();
                out.println(i.file() + " (" + i.image().orElse("") + "): " + i.added().size() + " new, " + i.gone().size()
                        + " gone, " + i.findings() + " findings" + (i.firstRun() ? " (first run)" : ""));
                for (Key k : i.added()) {
                    out.println("  + " + line(k));
                }
                for (Key k : i.gone()) {
                    out.println("  - " + line(k));
                }
            }
            out.println(images.size() + " documents: " + added + " new, " + gone + " gone");
            out.flush();
        }

        private static String line(Key k) {
            return String.format("%-8s %-20s %s (%s)", k.severity(), k.id(), k.purl(), k.path());
        }

        private static void keys(JsonGenerator g, String field, List<Key> keys) throws IOException {
            g.writeArrayFieldStart(field);
            for (Key k : keys) {
                key(g, k);
            }
            g.writeEndArray();
        }
    }

    private static void key(JsonGenerator g, Key k) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", k.id());
        g.writeStringField("severity", k.severity().name());
        g.writeStringField("class", k.kind() == PackageKind.OS ? "os" : "app");
        g.writeStringField("purl", k.purl());
        g.writeStringField("path", k.path());
        g.writeEndObject();
    }

    /**
     * Re-matches every document of {@code dir}.
     *
     * @throws IOException when the directory cannot be listed or a state file cannot be written
     * @throws InterruptedException when interrupted while waiting for the workers
     */
    public Result run(Path dir) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        Path state = dir.resolve(STATE_DIR);
        if (updateState) {
            Files.createDirectories(state);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, files.size())), r -> {
            Thread t = new Thread(r, "tarsier-rescan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ImageChanges>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> one(f, state)));
            }
            List<ImageChanges> out = new ArrayList<>();
            for (Future<ImageChanges> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return new Result(out);
        } finally {
            pool.shutdownNow();
        }
    }

    private ImageChanges one(Path file, Path stateDir) throws IOException {
        String name = file.getFileName().toString();
        Inventory inventory;
        try {
            inventory = SbomReader.read(file);
        } catch (SbomReadException e) {
            return new ImageChanges(name, Optional.empty(), Optional.empty(), false, 0, List.of(), List.of(),
                    Optional.of(e.getMessage()));
        }
        List<Finding> findings = matcher.match(inventory).findings();
        if (policy != null) {
            findings = policy.evaluate(inventory, findings).active();
        }
        Map<String, Key> now = new LinkedHashMap<>();
        findings.stream().sorted(JsonReport.FINDING_ORDER).map(Key::of).forEach(k -> now.putIfAbsent(k.identity(), k));
        Path stateFile = stateDir.resolve(name + ".findings.json");
        Optional<Map<String, Key>> before = readState(stateFile);
        List<Key> added = new ArrayList<>();
        List<Key> gone = new ArrayList<>();
        Map<String, Key> previous = before.orElse(Map.of());
        now.forEach((id, k) -> {
            if (!previous.containsKey(id)) {
                added.add(k);
            }
        });
        previous.forEach((id, k) -> {
            if (!now.containsKey(id)) {
                gone.add(k);
            }
        });
        if (updateState) {
            writeState(stateFile, name, now.values());
        }
        String image = inventory.image().tags().isEmpty() ? inventory.image().source() : inventory.image().tags().get(0);
        return new ImageChanges(name, Optional.of(image), Optional.of(inventory.image().digest()), before.isEmpty(),
                now.size(), added, gone, Optional.empty());
    }

    /** The previous findings; empty when there is no state (first run) or it is unreadable (then treated as first run). */
    private static Optional<Map<String, Key>> readState(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (doc == null || doc.path("schemaVersion").asInt() != STATE_VERSION) {
            return Optional.empty();
        }
        Map<String, Key> out = new LinkedHashMap<>();
        for (JsonNode f : doc.path("findings")) {
            try {
                Key k = new Key(f.path("id").asText(), f.path("purl").asText(), f.path("path").asText(),
                        Severity.valueOf(f.path("severity").asText("UNKNOWN")),
                        "os".equals(f.path("class").asText()) ? PackageKind.OS : PackageKind.APPLICATION);
                out.put(k.identity(), k);
            } catch (IllegalArgumentException e) {
                // a hand-edited state entry: dropped, reported as new again if still found
            }
        }
        return Optional.of(out);
    }

    private static void writeState(Path file, String name, Iterable<Key> keys) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), name + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = JsonReport.generator(out)) {
                g.writeStartObject();
                g.writeNumberField("schemaVersion", STATE_VERSION);
                g.writeStringField("file", name);
                g.writeArrayFieldStart("findings");
                for (Key k : keys) {
                    key(g, k);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
