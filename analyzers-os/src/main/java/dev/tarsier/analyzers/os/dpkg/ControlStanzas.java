package dev.tarsier.analyzers.os.dpkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Splits a control file into stanzas, following deb822(5) / deb-control(5): a stanza is a run of
 * {@code Field: value} lines; a line starting with a space or tab continues the previous field;
 * stanzas are separated by one or more lines that are empty or hold only whitespace. Field names
 * are case-insensitive and are stored lower-case. Values are stripped of surrounding whitespace,
 * continuation lines are joined with {@code \n}. Only the fields the caller asks for are kept:
 * long fields nobody reads ({@code Description}, {@code Conffiles}) cost a scan, not a copy.
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
     * @param wanted lower-case names of the fields to keep
     * @param stanzas receives each stanza that has at least one field
     * @param problems receives one line for each malformed line skipped
     */
    static void read(BufferedReader reader, Set<String> wanted, Consumer<Stanza> stanzas,
                     Consumer<String> problems) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean inStanza = false;
        String lastField = null;
        StringBuilder continued = null;
        int start = 0;
        int lineNo = 0;
        long chars = 0;
        boolean truncatedReported = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                flush(fields, lastField, continued);
                if (inStanza) {
                    stanzas.accept(new Stanza(fields, start));
                    fields = new LinkedHashMap<>();
                }
                inStanza = false;
                lastField = null;
                continued = null;
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
                if (!inStanza) {
                    problems.accept("line " + lineNo + ": continuation line without a field");
                } else if (continued != null) {
                    // deb822: a continuation line holding only "." stands for an empty line.
                    String cont = line.strip();
                    continued.append('\n').append(cont.equals(".") ? "" : cont);
                }
                continue;
            }
            flush(fields, lastField, continued);
            lastField = null;
            continued = null;
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon).strip();
            if (name.isEmpty() || name.contains(" ")) {
                problems.accept("line " + lineNo + ": not a 'Field: value' line");
                continue;
            }
            if (!inStanza) {
                start = lineNo;
                inStanza = true;
            }
            name = name.toLowerCase(Locale.ROOT);
            if (wanted.contains(name)) {
                lastField = name;
                continued = new StringBuilder(line.length() - colon).append(line, colon + 1, line.length());
            }
        }
        flush(fields, lastField, continued);
        if (inStanza) {
            stanzas.accept(new Stanza(fields, start));
        }
    }

    private static void flush(Map<String, String> fields, String field, StringBuilder value) {
        if (field != null) {
            fields.put(field, value.toString().strip());
        }
    }
}
