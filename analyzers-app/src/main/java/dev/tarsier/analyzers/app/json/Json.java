package dev.tarsier.analyzers.app.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict, bounded JSON reader (RFC 8259): objects become {@code LinkedHashMap<String, Object>},
 * arrays {@code ArrayList<Object>}, strings {@code String}, numbers {@code BigDecimal}, literals
 * {@code Boolean} or null. No comments, no trailing commas, no unescaped control characters in
 * strings, one value per document; a duplicate name keeps the last value (RFC 8259 §4 leaves this
 * open). It reads through a small buffer and fails past a character budget or a nesting depth, so
 * hostile input cannot exhaust memory or the stack. Values under {@code ignoredKeys} are checked
 * but not kept, which keeps large lockfiles small in memory.
 */
public final class Json {

    /** Malformed or over-limit JSON; the message starts with the line number. */
    public static final class JsonException extends IOException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private final Reader in;
    private final long maxChars;
    private final int maxDepth;
    private final Set<String> ignoredKeys;
    private final char[] buf = new char[8192];
    private int pos;
    private int limit;
    private long consumed;
    private int line = 1;

    private Json(Reader in, long maxChars, int maxDepth, Set<String> ignoredKeys) {
        this.in = in;
        this.maxChars = maxChars;
        this.maxDepth = maxDepth;
        this.ignoredKeys = ignoredKeys;
    }

    /**
     * Parses one UTF-8 JSON document (a leading byte-order mark is skipped, as npm does).
     *
     * @throws JsonException when the text is not JSON or exceeds a limit
     * @throws IOException when reading fails or the bytes are not UTF-8
     */
    public static Object parse(InputStream stream, long maxChars, int maxDepth, Set<String> ignoredKeys) throws IOException {
        Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        Json json = new Json(reader, maxChars, maxDepth, ignoredKeys);
        if (json.peek() == '\uFEFF') {
            json.next();
        }
        json.skipWhitespace();
        Object value = json.value(0, true);
        json.skipWhitespace();
        if (json.peek() != -1) {
            throw json.error("unexpected content after the JSON value");
        }
        return value;
    }

    /** The object's member as a string, or null when absent or not a string. */
    public static String string(Map<?, ?> object, String name) {
        Object v = object.get(name);
        return v instanceof String s ? s : null;
    }

    /** The object's member as an object, or null when absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private int peek() throws IOException {
        if (pos == limit) {
            int n = in.read(buf);
            if (n <= 0) {
                return -1;
            }
            consumed += n;
            if (consumed > maxChars) {
                throw error("document larger than " + maxChars + " characters");
            }
            pos = 0;
            limit = n;
        }
        return buf[pos];
    }

    private int next() throws IOException {
        int c = peek();
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    private void expect(char c) throws IOException {
        int got = next();
        if (got != c) {
            throw error("expected '" + c + "' but found " + describe(got));
        }
    }

    // RFC 8259 §2: ws = *( %x20 / %x09 / %x0A / %x0D )
    private void skipWhitespace() throws IOException {
        for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) {
            next();
        }
    }

    private Object value(int depth, boolean keep) throws IOException {
        int c = peek();
        switch (c) {
            case '{':
                return object(depth, keep);
            case '[':
                return array(depth, keep);
            case '"':
                return string(keep);
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number(keep);
                }
                throw error("expected a value but found " + describe(c));
        }
    }

    private Map<String, Object> object(int depth, boolean keep) throws IOException {
        if (depth >= maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
        expect('{');
        Map<String, Object> map = keep ? new LinkedHashMap<>() : null;
        skipWhitespace();
        if (peek() == '}') {
            next();
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name but found " + describe(peek()));
            }
            String name = string(true);
            skipWhitespace();
            expect(':');
            skipWhitespace();
            boolean keepValue = keep && !ignoredKeys.contains(name);
            Object v = value(depth + 1, keepValue);
            if (keepValue) {
                map.put(name, v);
            }
            skipWhitespace();
            int c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}' but found " + describe(c));
            }
        }
    }

    private List<Object> array(int depth, boolean keep) throws IOException {
        if (depth >= maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
        expect('[');
        List<Object> list = keep ? new ArrayList<>() : null;
        skipWhitespace();
        if (peek() == ']') {
            next();
            return list;
        }
        while (true) {
            skipWhitespace();
            Object v = value(depth + 1, keep);
            if (keep) {
                list.add(v);
            }
            skipWhitespace();
            int c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']' but found " + describe(c));
            }
        }
    }

    // RFC 8259 §7: escapes \" \\ \/ \b \f \n \r \t \\uXXXX; U+0000..U+001F must be escaped
    private String string(boolean keep) throws IOException {
        expect('"');
        StringBuilder sb = keep ? new StringBuilder() : null;
        while (true) {
            int c = next();
            if (c == '"') {
                return keep ? sb.toString() : null;
            }
            if (c < 0) {
                throw error("unterminated string");
            }
            if (c < 0x20) {
                throw error("unescaped control character in a string");
            }
            if (c == '\\') {
                int e = next();
                switch (e) {
                    case '"', '\\', '/' -> c = e;
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'u' -> {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = Character.digit(next(), 16);
                            if (h < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + h;
                        }
                        c = code;
                    }
                    default -> throw error("bad escape \\" + (e < 0 ? "" : String.valueOf((char) e)));
                }
            }
            if (keep) {
                sb.append((char) c);
            }
        }
    }

    // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT )
    private BigDecimal number(boolean keep) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (peek() == '-') {
            sb.append((char) next());
        }
        if (peek() == '0') {
            sb.append((char) next());
        } else if (!digits(sb)) {
            throw error("bad number");
        }
        if (peek() == '.') {
            sb.append((char) next());
            if (!digits(sb)) {
                throw error("bad number: no digit after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            sb.append((char) next());
            if (peek() == '+' || peek() == '-') {
                sb.append((char) next());
            }
            if (!digits(sb)) {
                throw error("bad number: no digit in exponent");
            }
        }
        if (sb.length() > 64) {
            throw error("number longer than 64 characters");
        }
        if (!keep) {
            return null;
        }
        try {
            return new BigDecimal(sb.toString());
        } catch (NumberFormatException e) {
            // valid JSON, but an exponent beyond BigDecimal's int scale ("1e9999999999")
            throw error("number out of range: " + sb);
        }
    }

    private boolean digits(StringBuilder sb) throws IOException {
        int start = sb.length();
        while (peek() >= '0' && peek() <= '9' && sb.length() <= 65) {
            sb.append((char) next());
        }
        return sb.length() > start;
    }

    private Object literal(String word, Object value) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw error("bad literal, expected " + word);
            }
        }
        return value;
    }

    private static String describe(int c) {
        return c < 0 ? "end of input" : "'" + (char) c + "'";
    }

    private JsonException error(String message) {
        return new JsonException("line " + line + ": " + message);
    }
}
