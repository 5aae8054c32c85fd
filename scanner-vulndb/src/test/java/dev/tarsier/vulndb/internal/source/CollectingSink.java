package dev.tarsier.vulndb.internal.source;

import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.osv.OsvParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps everything a source yields, for tests; also reads the fixtures' TSV answers. */
public final class CollectingSink implements AdvisorySourceReader.Sink {

    /** One CVE facts record and where it came from. */
    public record Fact(String origin, CveFacts facts) {
    }

    /** One feed version report. */
    public record Version(String origin, String kind, String version, String date) {
    }

    public final List<Fact> facts = new ArrayList<>();
    public final List<String> problems = new ArrayList<>();
    public final List<Version> versions = new ArrayList<>();
    public final List<OsvParser.Result> results = new ArrayList<>();

    /** Reads a source with a fresh reader into a new sink. */
    public static CollectingSink read(Path source) {
        CollectingSink sink = new CollectingSink();
        try {
            new AdvisorySourceReader().read(source, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    @Override
    public void accept(String origin, OsvParser.Result result) {
        results.add(result);
    }

    @Override
    public void problem(String origin, String message) {
        problems.add(origin + ": " + message);
    }

    @Override
    public void facts(String origin, CveFacts f) {
        facts.add(new Fact(origin, f));
    }

    @Override
    public void feedVersion(String origin, String kind, String version, String date) {
        versions.add(new Version(origin, kind, version, date));
    }

    /** The facts by CVE id, merged as the DB writer merges them. */
    public Map<String, CveFacts> byId() {
        Map<String, CveFacts> m = new LinkedHashMap<>();
        facts.forEach(f -> m.merge(f.facts().id(), f.facts(), CveFacts::merge));
        return m;
    }

    /**
     * The rows of a TSV answer file: {@code #} lines skipped, the first other line is the header,
     * empty cells are empty strings.
     */
    public static List<Map<String, String>> tsv(Path file) {
        try {
            List<Map<String, String>> rows = new ArrayList<>();
            String[] header = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (header == null) {
                    header = cells;
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < cells.length ? cells[i] : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
