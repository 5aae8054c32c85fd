package dev.tarsier.analyzers.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The header fields of a Python core metadata file ({@code METADATA} in a {@code .dist-info}
 * directory, {@code PKG-INFO} in an {@code .egg-info} directory or an {@code .egg-info} file).
 *
 * <p>The PyPA "Core metadata specifications" define the format as RFC 822 email headers: one
 * {@code Name: value} field per line, field names case-insensitive, a line starting with a space
 * or tab continuing the previous field, and the first empty line ending the headers (what follows
 * is the description body, from metadata 2.1 on). Only the headers are read, so a long
 * description costs nothing; the headers themselves are capped.
 *
 * @param fields values by lower-case field name, in file order; multiple-use fields
 *     ({@code Classifier}) keep every value
 * @param problems what was wrong with the file, one line each, in the order met
 * @see <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">Core metadata
 *     specifications</a>
 */
record CoreMetadata(Map<String, List<String>> fields, List<String> problems) {

    CoreMetadata {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fields = Collections.unmodifiableMap(copy);
        problems = List.copyOf(problems);
    }

    /** The first value of a field, stripped, if present and not blank. */
    Optional<String> first(String name) {
        List<String> values = fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
                : Optional.of(values.get(0).strip());
    }

    /** Every value of a field; never null. */
    List<String> all(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * Reads the header section from the stream.
     *
     * @param in the file content; read up to the end of the headers or {@code maxHeaderBytes}
     * @param maxHeaderBytes the most bytes of headers read; fields beyond the cap are dropped
     *     with a problem saying so
     */
    static CoreMetadata read(InputStream in, int maxHeaderBytes) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        CappedStream capped = new CappedStream(in, maxHeaderBytes);
        // Metadata files are UTF-8 (the specification requires it since metadata 2.1); older
        // files in other encodings decode with replacement characters rather than failing.
        BufferedReader reader = new BufferedReader(new InputStreamReader(capped, StandardCharsets.UTF_8));
        String currentName = null;
        StringBuilder currentValue = null;
        int lineNumber = 0;
        boolean ended = false;
        boolean cutBeforeField = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                ended = true;
                break;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (currentValue == null) {
                    problems.add("line " + lineNumber + " continues no field; ignored");
                } else {
                    currentValue.append('\n').append(line.strip());
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (capped.exceeded() && !reader.ready()) {
                    // The last line, cut by the cap: the field before it is complete.
                    cutBeforeField = true;
                    break;
                }
                // The email parser treats such a line as the start of the body; so do we.
                problems.add("line " + lineNumber + " is not a 'Name: value' field; headers end there");
                ended = true;
                break;
            }
            if (currentName != null) {
                add(fields, currentName, currentValue);
            }
            currentName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            currentValue = new StringBuilder(line.substring(colon + 1).strip());
        }
        boolean cut = capped.exceeded() && !ended;
        if (cut) {
            problems.add("headers exceed " + maxHeaderBytes + " bytes; fields after line "
                    + Math.max(0, lineNumber - 1) + " ignored");
        }
        // A field whose last line the cap cut short is dropped rather than reported truncated.
        if (currentName != null && (!cut || cutBeforeField)) {
            add(fields, currentName, currentValue);
        }
        return new CoreMetadata(fields, problems);
    }

    private static void add(Map<String, List<String>> fields, String name, StringBuilder value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value.toString());
    }

    /** Passes at most {@code cap} bytes through and remembers whether the source had more. */
    private static final class CappedStream extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean exceeded;

        CappedStream(InputStream in, long cap) {
            this.in = in;
            this.remaining = cap;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                if (!exceeded && in.read() >= 0) {
                    exceeded = true;
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
