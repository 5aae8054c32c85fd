package dev.tarsier.core.internal.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 7235 section 4.1):
 * a scheme ({@code basic}, {@code bearer}) and its auth-params, such as the {@code realm},
 * {@code service} and {@code scope} of the Docker token authentication specification.
 *
 * @param scheme the auth-scheme, lower case
 * @param params auth-params by lower-case name
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        params = Map.copyOf(params);
    }

    /** A parameter's value, if present. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * Parses the challenges of one header value. RFC 7235's grammar: {@code challenge = auth-scheme
     * [ 1*SP ( token68 / #auth-param ) ]}, auth-param {@code = token BWS "=" BWS ( token /
     * quoted-string )}, challenges separated by commas. Unparseable tails are dropped, never thrown.
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        Cursor c = new Cursor(header);
        while (true) {
            c.skip(" \t,");
            String scheme = c.token();
            if (scheme.isEmpty()) {
                return out;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                c.skip(" \t");
                int mark = c.pos;
                String name = c.token();
                c.skip(" \t");
                if (name.isEmpty() || c.peek() != '=') {
                    // not an auth-param: the start of the next challenge
                    c.pos = mark;
                    break;
                }
                int equals = c.pos;
                c.skipWhile('=');
                c.skip(" \t");
                if (params.isEmpty() && (c.peek() == ',' || c.peek() == '\0') && (c.pos - equals > 1 || c.peek() == '\0')) {
                    // a token68 credential blob ("abc+/d=="): no parameters to record
                    break;
                }
                c.pos = equals + 1;
                c.skip(" \t");
                String value = c.peek() == '"' ? c.quoted() : c.token();
                params.put(name.toLowerCase(Locale.ROOT), value);
                c.skip(" \t");
                if (!c.take(',')) {
                    break;
                }
            }
            out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
        }
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        boolean take(char ch) {
            if (peek() == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        void skipWhile(char ch) {
            while (peek() == ch) {
                pos++;
            }
        }

        /** RFC 7230 tchar run (plus '/' so that a token68 is consumed whole). */
        String token() {
            int start = pos;
            while (pos < s.length() && "!#$%&'*+-.^_`|~/".indexOf(s.charAt(pos)) >= 0
                    || pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** RFC 7230 quoted-string with quoted-pair escapes. */
        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return b.toString();
                }
                if (ch == '\\' && pos < s.length()) {
                    ch = s.charAt(pos++);
                }
                b.append(ch);
            }
            return b.toString();
        }
    }
}
