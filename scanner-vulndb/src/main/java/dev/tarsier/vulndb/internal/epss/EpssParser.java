package dev.tarsier.vulndb.internal.epss;

import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.enrich.FeedJson;
import dev.tarsier.vulndb.internal.enrich.FeedRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Streams FIRST's daily EPSS file (first.org/epss/data_stats: {@code epss_scores-YYYY-MM-DD.csv.gz})
 * line by line: an optional comment line {@code #model_version:v2025.03.14,score_date:2025-...T00:00:00+0000},
 * the header {@code cve,epss,percentile}, then one row per scored CVE (about 300,000). Each row
 * becomes {@link CveFacts#withEpss}; a bad row (wrong column count, no CVE id, a number outside
 * 0..1) is reported as {@link FeedRecord.Malformed} and the rest read on. Lines are read with a
 * length cap, so memory stays bounded whatever the input. Stateless.
 */
public final class EpssParser {

    /** Longest line kept; a real row is under 40 characters, the comment under 80. */
    static final int MAX_LINE = 4096;

    /** Receives what the file yields, in file order. */
    public interface Listener {
        /**
         * The model comment line.
         *
         * @param modelVersion {@code model_version} ({@code v2023.03.01}), empty when absent
         * @param scoreDate {@code score_date} as written, empty when absent
         */
        void model(String modelVersion, String scoreDate);

        /**
         * One data row's result.
         *
         * @param line the 1-based line number
         * @param result facts or a malformed row
         */
        void row(int line, FeedRecord result);
    }

    private EpssParser() {
    }

    /** Whether the first bytes of a file are those of an EPSS CSV (the comment line or the header). */
    public static boolean looksLikeEpss(byte[] head) {
        String s = new String(head, StandardCharsets.US_ASCII);
        return s.startsWith("#model_version") || s.startsWith("cve,epss");
    }

    /**
     * Reads a whole file. The reader is not closed.
     *
     * @throws IOException if the reader fails
     */
    public static void read(Reader in, Listener listener) throws IOException {
        StringBuilder line = new StringBuilder();
        int number = 0;
        boolean more = true;
        while (more) {
            line.setLength(0);
            boolean overlong = false;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (line.length() < MAX_LINE) {
                    line.append((char) c);
                } else {
                    overlong = true;
                }
            }
            more = c != -1;
            number++;
            if (overlong) {
                listener.row(number, new FeedRecord.Malformed("line over " + MAX_LINE + " characters"));
                continue;
            }
            String l = line.toString().strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                Map<String, String> kv = comment(l.substring(1));
                listener.model(kv.getOrDefault("model_version", ""), kv.getOrDefault("score_date", ""));
            } else if (!l.regionMatches(true, 0, "cve,", 0, 4)) {
                listener.row(number, row(l));
            }
        }
    }

    private static Map<String, String> comment(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                // score_date holds colons itself (T00:00:00), so only the first one separates.
                kv.put(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
            }
        }
        return kv;
    }

    /** Parses one data row {@code cve,epss,percentile}. */
    static FeedRecord row(String line) {
        String[] cols = line.split(",", -1);
        if (cols.length != 3) {
            return new FeedRecord.Malformed("expected 3 columns (cve,epss,percentile), found " + cols.length);
        }
        String id = cols[0].strip();
        if (!FeedJson.isCveId(id)) {
            return new FeedRecord.Malformed("'" + id + "' is not a CVE id");
        }
        Optional<Double> score = probability(cols[1]);
        Optional<Double> percentile = probability(cols[2]);
        if (score.isEmpty() || percentile.isEmpty()) {
            return new FeedRecord.Malformed(id + ": epss and percentile must be numbers from 0 to 1");
        }
        return new FeedRecord.Facts(CveFacts.of(id).withEpss(new CveFacts.Epss(score.get(), percentile.get())));
    }

    private static Optional<Double> probability(String text) {
        try {
            double d = Double.parseDouble(text.strip());
            return d >= 0 && d <= 1 ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
