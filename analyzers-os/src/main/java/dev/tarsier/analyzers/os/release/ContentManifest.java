package dev.tarsier.analyzers.os.release;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code content_sets} of a Red Hat image content manifest
 * ({@code root/buildinfo/content_manifests/*.json}, written by the Red Hat build system into every
 * RHEL and UBI image): a JSON object whose top-level {@code content_sets} array names the
 * repositories the image's packages were installed from ({@code rhel-9-for-x86_64-baseos-rpms}).
 *
 * <p>A strict JSON reader (RFC 8259) that keeps only that array and skips every other value, so
 * the module needs no JSON library. Nesting is capped at {@link #MAX_DEPTH}.
 */
final class ContentManifest {

    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private ContentManifest(String text) {
        this.text = text;
    }

    /**
     * The content sets of a manifest, in file order; empty when the manifest has none.
     *
     * @throws IllegalArgumentException when the text is not a JSON object, or
     *     {@code content_sets} is not an array of strings; the message says where
     */
    static List<String> contentSets(String text) {
        ContentManifest r = new ContentManifest(text);
        List<String> sets = r.topLevel();
        r.space();
        if (r.pos != text.length()) {
            throw r.error("text after the JSON object");
        }
        return sets;
    }

    private List<String> topLevel() {
        space();
        expect('{');
        List<String> sets = new ArrayList<>();
        space();
        if (peek() == '}') {
            pos++;
            return sets;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            space();
            if (key.equals("content_sets")) {
                sets = stringArray();
            } else {
                skipValue(1);
            }
            space();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return sets;
        }
    }

    private List<String> stringArray() {
        if (peek() != '[') {
            throw error("content_sets is not an array");
        }
        pos++;
        List<String> values = new ArrayList<>();
        space();
        if (peek() == ']') {
            pos++;
            return values;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("content_sets holds a value that is not a string");
            }
            values.add(string());
            space();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return values;
        }
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        char c = peek();
        switch (c) {
            case '"' -> string();
            case '{', '[' -> {
                char close = c == '{' ? '}' : ']';
                pos++;
                space();
                if (peek() == close) {
                    pos++;
                    return;
                }
                while (true) {
                    space();
                    if (close == '}') {
                        string();
                        space();
                        expect(':');
                        space();
                    }
                    skipValue(depth + 1);
                    space();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect(close);
                    return;
                }
            }
            default -> literal();
        }
    }

    /** A number, {@code true}, {@code false} or {@code null}: their characters, checked loosely. */
    private void literal() {
        int start = pos;
        while (pos < text.length() && "+-.0123456789eEtrufalsn".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos == start) {
            throw error("unexpected character");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void space() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
