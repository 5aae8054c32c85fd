package dev.tarsier.vulndb.internal.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarsier.vulndb.internal.cve5.Cve5Parser;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.epss.EpssParser;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;
import dev.tarsier.vulndb.internal.kev.KevParser;
import dev.tarsier.vulndb.internal.nvd.NvdParser;
import dev.tarsier.vulndb.internal.osv.OsvParser;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
 * Streams records out of import sources and hands each to the parser of its format. Containers:
 * single JSON files (one record, or an array of records), JSON-lines files ({@code .jsonl},
 * {@code .ndjson}: one record per line), zip archives (osv.dev's per-ecosystem {@code all.zip}),
 * directories of any of these (walked in path order). Any file may be gzip- or xz-compressed;
 * compression and zip are recognised by their magic bytes, JSON-lines by the name without
 * {@code .gz}/{@code .xz}.
 *
 * <p>Formats are recognised by content, record by record, in this order:
 * <ol>
 *   <li>an EPSS daily CSV: the file starts with {@code #model_version} or {@code cve,epss};</li>
 *   <li>a JSON object with a {@code vulnerabilities} array (an NVD API page or yearly feed, the
 *       KEV catalog): the other members are kept as its header (KEV's {@code catalogVersion}) and
 *       each array element is a record of its own, recognised by the rules below;</li>
 *   <li>the Node.js security WG core index: an object whose members are objects with {@code vulnerable};</li>
 *   <li>a CVE JSON 5 record: {@code dataType} {@code CVE_RECORD} or {@code cveMetadata} + {@code containers};</li>
 *   <li>an NVD {@code cve} object, bare, as {@code {"cve": ...}} or in a vunnel {@code item}: an
 *       {@code id} with NVD's {@code vulnStatus} or {@code sourceIdentifier};</li>
 *   <li>a KEV entry: {@code cveID} and {@code dateAdded};</li>
 *   <li>anything else is an OSV record (possibly in a vunnel envelope).</li>
 * </ol>
 * OSV and Node.js records go to {@link Sink#accept}, the CVE-level feeds to {@link Sink#facts}.
 *
 * <p>Memory stays bounded by the largest single record (capped at {@link #MAX_RECORD_BYTES}):
 * arrays, a top-level object's {@code vulnerabilities} array, JSON-lines and CSV rows are read one
 * record at a time, zip entries one at a time; no document is loaded whole, so a yearly NVD feed
 * of several hundred MB is read in the memory of one CVE.
 */
public final class AdvisorySourceReader {

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

        /**
         * The version of a versioned feed, for {@code db info}: the KEV catalog's
         * {@code catalogVersion} and {@code dateReleased}, the EPSS file's {@code model_version}
         * and {@code score_date}.
         *
         * @param origin the file
         * @param kind {@link #KIND_KEV} or {@link #KIND_EPSS}
         * @param version the version as published, possibly empty
         * @param date the date as published, possibly empty
         */
        default void feedVersion(String origin, String kind, String version, String date) {
            // Sinks that do not report versions ignore them.
        }
    }

    /** {@link Sink#feedVersion} kind of the CISA KEV catalog. */
    public static final String KIND_KEV = "kev";
    /** {@link Sink#feedVersion} kind of an EPSS daily file. */
    public static final String KIND_EPSS = "epss";

    /** Creates a reader. */
    public AdvisorySourceReader() {
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
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".zip")
                || n.endsWith(".csv");
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
        in.mark(16);
        byte[] magic = in.readNBytes(16);
        in.reset();
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            readZip(origin, in, sink);
        } else if (EpssParser.looksLikeEpss(magic)) {
            readEpss(origin, in, sink);
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
                readObject(origin, p, sink);
            } else {
                sink.problem(origin, "not an OSV JSON file (no object or array)");
            }
        } catch (JsonProcessingException e) {
            sink.accept(origin, new OsvParser.Malformed("not valid JSON: " + e.getOriginalMessage()));
        }
    }

    /**
     * Reads a top-level object member by member, so that a {@code vulnerabilities} array (hundreds
     * of MB in a yearly NVD feed) is never held as one tree: its elements are dispatched as they
     * come, the other members kept as the header. An object without that array is dispatched whole.
     */
    private void readObject(String origin, JsonParser p, Sink sink) throws IOException {
        ObjectNode header = mapper.createObjectNode();
        boolean streamed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (FEED_ARRAY.equals(field) && value == JsonToken.START_ARRAY) {
                streamed = true;
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    dispatch(origin + "[" + index++ + "]", mapper.readTree(p), sink);
                }
            } else {
                header.set(field, mapper.readTree(p));
            }
        }
        if (streamed) {
            feedHeader(origin, header, sink);
        } else {
            dispatch(origin, header, sink);
        }
    }

    /** The member of NVD pages and feeds and of the KEV catalog that holds the records. */
    private static final String FEED_ARRAY = "vulnerabilities";

    private static void feedHeader(String origin, JsonNode header, Sink sink) {
        KevParser.catalog(header).ifPresent(c -> sink.feedVersion(origin, KIND_KEV, c.version(), c.released()));
    }

    /** Dispatches one JSON record (or a whole small document) to the parser of its format. */
    private void dispatch(String origin, JsonNode node, Sink sink) {
        JsonNode feed = node.get(FEED_ARRAY);
        if (feed != null && feed.isArray() && !node.has("id")) {
            // A small feed document read as one tree (a JSON-lines line, an array element).
            int index = 0;
            for (JsonNode element : feed) {
                dispatch(origin + "[" + index++ + "]", element, sink);
            }
            feedHeader(origin, node, sink);
        } else if (OsvParser.isNodeIndex(node)) {
            List<OsvParser.Result> results = new ArrayList<>();
            parser.parseNodeIndex(node, results);
            for (OsvParser.Result r : results) {
                sink.accept(origin, r);
            }
        } else if (Cve5Parser.isRecord(node)) {
            feed(origin, "CVE JSON 5", Cve5Parser.parse(node), sink);
        } else if (NvdParser.cveObject(node).isPresent()) {
            feed(origin, "NVD", NvdParser.parse(NvdParser.cveObject(node).orElseThrow()), sink);
        } else if (KevParser.isEntry(node)) {
            feed(origin, "KEV", KevParser.parse(node), sink);
        } else {
            sink.accept(origin, parser.parse(node));
        }
    }

    private static void feed(String origin, String kind, FeedRecord record, Sink sink) {
        if (record instanceof FeedRecord.Facts f) {
            sink.facts(origin, f.facts());
        } else if (record instanceof FeedRecord.Malformed m) {
            sink.problem(origin, "malformed " + kind + " record skipped: " + m.reason());
        }
        // Ignored records (rejected, unscored) say nothing worth a diagnostic.
    }

    private static void readEpss(String origin, InputStream in, Sink sink) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        EpssParser.read(new BufferedReader(reader, 65536), new EpssParser.Listener() {
            @Override
            public void model(String modelVersion, String scoreDate) {
                sink.feedVersion(origin, KIND_EPSS, modelVersion, scoreDate);
            }

            @Override
            public void row(int line, FeedRecord result) {
                feed(origin + ":" + line, "EPSS", result, sink);
            }
        });
    }
}
