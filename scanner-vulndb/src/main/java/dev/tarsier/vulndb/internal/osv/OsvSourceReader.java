package dev.tarsier.vulndb.internal.osv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Streams advisory records out of import sources: OSV JSON files (one record, or an array of
 * records), JSON-lines files ({@code .jsonl}, {@code .ndjson}: one record per line), zip archives
 * of JSON files (osv.dev's per-ecosystem {@code all.zip}), directories of any of these (walked in
 * path order), and the Node.js security WG core index. Any file may be gzip- or xz-compressed;
 * compression and zip are recognised by their magic bytes, the inner format by the name without
 * {@code .gz}/{@code .xz}.
 *
 * <p>Memory stays bounded by the largest single record (capped at {@link #MAX_RECORD_BYTES}): arrays
 * and JSON-lines are read one record at a time, zip entries one at a time, nothing is loaded whole.
 */
public final class OsvSourceReader {

    /** Largest accepted single record, in bytes of JSON text. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private final ObjectMapper mapper;
    private final OsvParser parser = new OsvParser();

    /** Receives what a source yields. */
    public interface Sink {
        /**
         * One parse result.
         *
         * @param origin where the record came from (file, or {@code zip!/entry}, with a line for JSON-lines)
         * @param result the result
         */
        void accept(String origin, OsvParser.Result result);

        /** A problem with a whole file (unreadable, not JSON, unknown format). */
        void problem(String origin, String message);

        /**
         * What a CVE-level feed (NVD, CVE JSON 5, KEV, EPSS) says about one CVE; a partial record
         * that the DB writer merges with the other feeds' parts.
         */
        default void facts(String origin, CveFacts facts) {
            // Sinks that only want advisories ignore CVE facts.
        }
    }

    /** Creates a reader. */
    public OsvSourceReader() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_RECORD_BYTES).build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * Reads a source path: a file or a directory.
     *
     * @throws IOException if the path cannot be read at all
     */
    public void read(Path source, Sink sink) throws IOException {
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                if (isCandidate(f.getFileName().toString())) {
                    readFileQuietly(f, sink);
                }
            }
        } else if (Files.isRegularFile(source)) {
            readFile(source, sink);
        } else {
            throw new IOException("no such file or directory: " + source);
        }
    }

    private static boolean isCandidate(String name) {
        String n = stripCompression(name.toLowerCase(Locale.ROOT));
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".zip");
    }

    private void readFileQuietly(Path f, Sink sink) {
        try {
            readFile(f, sink);
        } catch (IOException e) {
            sink.problem(f.toString(), "cannot read: " + e.getMessage());
        }
    }

    private void readFile(Path file, Sink sink) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            readStream(file.toString(), file.getFileName().toString(), raw, sink);
        }
    }

    /**
     * Reads one stream, detecting compression and zip by magic bytes.
     *
     * @param origin name used in diagnostics
     * @param name file name used to tell JSON from JSON-lines
     */
    public void readStream(String origin, String name, InputStream raw, Sink sink) throws IOException {
        InputStream in = decompress(new BufferedInputStream(raw, 65536));
        String inner = stripCompression(name.toLowerCase(Locale.ROOT));
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            readZip(origin, in, sink);
        } else if (inner.endsWith(".jsonl") || inner.endsWith(".ndjson")) {
            readJsonLines(origin, in, sink);
        } else {
            readJson(origin, in, sink);
        }
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(6);
        byte[] m = in.readNBytes(6);
        in.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 65536), 65536);
        }
        if (m.length == 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
            return new BufferedInputStream(new XZInputStream(in), 65536);
        }
        return in;
    }

    private static String stripCompression(String name) {
        String n = name;
        while (n.endsWith(".gz") || n.endsWith(".xz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n;
    }

    private void readZip(String origin, InputStream in, Sink sink) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (entry.isDirectory() || !isCandidate(entry.getName())) {
                continue;
            }
            // The entry stream must not be closed by the JSON parser: it would close the zip.
            InputStream entryStream = new FilterInputStream(zip) {
                @Override
                public void close() {
                    // keep the archive open
                }
            };
            readStream(origin + "!/" + entry.getName(), entry.getName(), entryStream, sink);
        }
    }

    private void readJsonLines(String origin, InputStream in, Sink sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536);
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String where = origin + ":" + n;
            if (line.length() > MAX_RECORD_BYTES) {
                sink.accept(where, new OsvParser.Malformed("record over " + MAX_RECORD_BYTES + " bytes"));
                continue;
            }
            try {
                dispatch(where, mapper.readTree(line), sink);
            } catch (JsonProcessingException e) {
                sink.accept(where, new OsvParser.Malformed("not JSON: " + e.getOriginalMessage()));
            }
        }
    }

    private void readJson(String origin, InputStream in, Sink sink) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                int index = 0;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode node = mapper.readTree(p);
                    dispatch(origin + "[" + index++ + "]", node, sink);
                }
            } else if (first == JsonToken.START_OBJECT) {
                dispatch(origin, mapper.readTree(p), sink);
            } else {
                sink.problem(origin, "not an OSV JSON file (no object or array)");
            }
        } catch (JsonProcessingException e) {
            sink.accept(origin, new OsvParser.Malformed("not valid JSON: " + e.getOriginalMessage()));
        }
    }

    private void dispatch(String origin, JsonNode node, Sink sink) {
        if (OsvParser.isNodeIndex(node)) {
            List<OsvParser.Result> results = new ArrayList<>();
            parser.parseNodeIndex(node, results);
            for (OsvParser.Result r : results) {
                sink.accept(origin, r);
            }
        } else {
            sink.accept(origin, parser.parse(node));
        }
    }
}
