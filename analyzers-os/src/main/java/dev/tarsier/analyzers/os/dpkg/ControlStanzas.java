package dev.tarsier.analyzers.os.dpkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits a control file into stanzas, following deb822(5) / deb-control(5): a stanza is a run of
 * {@code Field: value} lines; a line starting with a space or tab continues the previous field;
 * stanzas are separated by one or more lines that are empty or hold only whitespace. Field names
 * are case-insensitive and are stored lower-case. Values are stripped of surrounding whitespace,
 * continuation lines are joined with {@code \n}.
 *
 * <p>Memory is bounded by one stanza: each stanza is handed on as soon as it ends. A single
 * stanza larger than {@link #MAX_STANZA_CHARS} is cut there and reported, so a file without any
 * blank line cannot grow one stanza without end.
 */
final class ControlStanzas {

    /** Largest stanza kept in memory; the biggest real ones (long Description, Conffiles) are ~100 KiB. */
    static final int MAX_STANZA_CHARS = 4 << 20;

    /** One stanza: its fields in file order and the line it starts on (1-based). */
    record Stanza(Map<String, String> fields, int line) {

        /** A field's value, or null. */
        String get(String name) {
            return fields.get(name);
        }
    }

    private ControlStanzas() {
    }

    /**
     * Reads every stanza of the reader.
     *
     * @param reader the control file
     * @param stanzas receives each stanza that has at least one field
     * @param problems receives one line for each malformed line skipped
     */
    static void read(BufferedReader reader, Consumer<Stanza> stanzas, Consumer<String> problems)
            throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String lastField = null;
        int start = 0;
        int lineNo = 0;
        long chars = 0;
        boolean truncatedReported = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    stanzas.accept(new Stanza(fields, start));
                    fields = new LinkedHashMap<>();
                }
                lastField = null;
                chars = 0;
                truncatedReported = false;
                continue;
            }
            chars += line.length();
            if (chars > MAX_STANZA_CHARS) {
                if (!truncatedReported) {
                    problems.accept("line " + lineNo + ": stanza longer than " + MAX_STANZA_CHARS
                            + " characters; rest of it ignored");
                    truncatedReported = true;
                }
                continue;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (lastField == null) {
                    problems.accept("line " + lineNo + ": continuation line without a field");
                } else {
                    // deb822: a continuation line holding only "." stands for an empty line.
                    String cont = line.strip();
                    fields.merge(lastField, cont.equals(".") ? "" : cont, (a, b) -> a + "\n" + b);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).strip().isEmpty()
                    || line.substring(0, colon).strip().contains(" ")) {
                problems.accept("line " + lineNo + ": not a 'Field: value' line");
                lastField = null;
                continue;
            }
            if (fields.isEmpty()) {
                start = lineNo;
            }
            lastField = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.put(lastField, line.substring(colon + 1).strip());
        }
        if (!fields.isEmpty()) {
            stanzas.accept(new Stanza(fields, start));
        }
    }
}
