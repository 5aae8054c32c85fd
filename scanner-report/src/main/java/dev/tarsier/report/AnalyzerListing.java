package dev.tarsier.report;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tarsier.api.AnalyzerInfo;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.spi.FileSelector;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tarsier analyzers} prints: every analyzer a scanner would run (id, version, origin
 * and the files it selects) and the problems met loading plugins. Deterministic: analyzers sorted
 * by id, selector values sorted.
 *
 * @param analyzers the analyzers; never null
 * @param warnings problems met while discovering them; never null
 * @since 0.4
 */
public record AnalyzerListing(List<Entry> analyzers, List<Diagnostic> warnings) {

    /**
     * One analyzer.
     *
     * @param info id, version and origin; never null
     * @param selector the files it selects; never null
     */
    public record Entry(AnalyzerInfo info, FileSelector selector) {
        public Entry {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(selector, "selector");
        }
    }

    public AnalyzerListing {
        analyzers = analyzers.stream().sorted(Comparator.comparing(e -> e.info().id())).toList();
        warnings = warnings.stream().sorted().toList();
    }

    /**
     * Writes {@code {"analyzers": [{id, version, origin, selector {paths, fileNames, suffixes, globs,
     * maxFileSize, unclaimedExecutables}}], "warnings": [...]}}, the warnings as in the JSON report.
     *
     * @throws IOException when {@code out} fails
     */
    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("analyzers");
            for (Entry e : analyzers) {
                g.writeStartObject();
                g.writeStringField("id", e.info().id());
                g.writeNumberField("version", e.info().version());
                g.writeStringField("origin", e.info().origin());
                g.writeObjectFieldStart("selector");
                writeStrings(g, "paths", e.selector().paths());
                writeStrings(g, "fileNames", e.selector().fileNames());
                writeStrings(g, "suffixes", e.selector().suffixes());
                writeStrings(g, "globs", e.selector().globs());
                g.writeNumberField("maxFileSize", e.selector().maxFileSize());
                g.writeBooleanField("unclaimedExecutables", e.selector().unclaimedExecutables());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            JsonReport.writeWarnings(g, warnings);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Writes a table (ID, VERSION, ORIGIN, SELECTS), then one line per warning. */
    public void writeTable(PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "VERSION", "ORIGIN", "SELECTS"});
        for (Entry e : analyzers) {
            rows.add(new String[] {e.info().id(), Integer.toString(e.info().version()), e.info().origin(),
                    summary(e.selector())});
        }
        int[] width = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n", (Object[]) r);
        }
        for (Diagnostic d : warnings) {
            out.println(d.severity() + ": " + d.message());
        }
        out.flush();
    }

    /**
     * One line: {@code paths a, b; names c; suffixes .d; globs **}{@code /e; max 64 MiB}, each part
     * only when the selector has values for it.
     */
    public static String summary(FileSelector s) {
        List<String> parts = new ArrayList<>();
        part(parts, "paths", s.paths());
        part(parts, "names", s.fileNames());
        part(parts, "suffixes", s.suffixes());
        part(parts, "globs", s.globs());
        if (s.unclaimedExecutables()) {
            parts.add("executables no other analyzer selects");
        }
        long max = s.maxFileSize();
        parts.add("max " + (max % (1 << 20) == 0 ? (max >> 20) + " MiB" : max % 1024 == 0 ? (max >> 10) + " KiB" : max + " B"));
        return String.join("; ", parts);
    }

    private static void part(List<String> parts, String label, Collection<String> values) {
        if (!values.isEmpty()) {
            parts.add(label + " " + String.join(", ", values.stream().sorted().toList()));
        }
    }

    private static void writeStrings(JsonGenerator g, String field, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values.stream().sorted().toList()) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
