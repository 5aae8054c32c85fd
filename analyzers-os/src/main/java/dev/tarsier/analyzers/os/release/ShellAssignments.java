package dev.tarsier.analyzers.os.release;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code KEY=value} files of os-release(5) and lsb-release.
 *
 * <p>os-release(5): one assignment per line; lines starting with {@code #} are comments; values
 * may be enclosed in double or single quotes, and inside double quotes the shell special
 * characters {@code $ " \ `} are escaped with a backslash. Variable expansion is not supported,
 * as the manual requires. Malformed lines are skipped, which is what the manual asks of readers.
 */
final class ShellAssignments {

    private ShellAssignments() {
    }

    /** Returns the assignments in file order; a later assignment of the same key wins. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            out.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            String inner = value.substring(1, value.length() - 1);
            StringBuilder sb = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length() && "$\"\\`".indexOf(inner.charAt(i + 1)) >= 0) {
                    sb.append(inner.charAt(++i));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        return value;
    }
}
