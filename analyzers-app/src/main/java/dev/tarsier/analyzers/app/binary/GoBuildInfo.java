package dev.tarsier.analyzers.app.binary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a Go binary's module information, as {@code runtime/debug.BuildInfo.String()}
 * writes it and {@code debug.ParseBuildInfo} reads it: tab-separated lines {@code path P},
 * {@code mod P V [SUM]}, {@code dep P V [SUM]}, {@code => P V [SUM]} (replaces the line before),
 * {@code build KEY=VALUE} (key and value quoted Go-style when they hold spaces, tabs, quotes or
 * {@code =}).
 */
record GoBuildInfo(String path, Module main, List<Module> deps, Map<String, String> settings) {

    /** A module; {@code replacement} is the {@code =>} target (version empty for a directory). */
    record Module(String path, String version, Module replacement) {
    }

    /** Go's 16-byte sentinels around the module information (cmd/go's {@code modload.ModInfoData}). */
    static final byte[] START = hex("3077af0c9274080241e1c107e6d618e6");
    static final byte[] END = hex("f932433186182072008242104116d8f2");

    private static final Pattern GO_VERSION = Pattern.compile("go(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    /**
     * Removes the sentinels, when present (the pointer form keeps them; the inline form of Go
     * 1.18+ as well), as {@code debug/buildinfo} does.
     */
    static String stripSentinels(String modinfo) {
        if (modinfo.length() >= 33 && modinfo.charAt(modinfo.length() - 17) == '\n') {
            return modinfo.substring(16, modinfo.length() - 16);
        }
        return modinfo;
    }

    /**
     * Parses the text; lines it does not know are skipped, malformed ones are counted in
     * {@code problems}.
     */
    static GoBuildInfo parse(String text, List<String> problems) {
        String path = null;
        Module main = null;
        List<Module> deps = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Module last = null;
        boolean lastIsMain = false;
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "path" -> path = f.length > 1 ? f[1] : null;
                case "mod", "dep" -> {
                    if (f.length < 3 || f[1].isEmpty()) {
                        problems.add("malformed '" + f[0] + "' line");
                        continue;
                    }
                    last = new Module(f[1], f[2], null);
                    lastIsMain = f[0].equals("mod");
                    if (lastIsMain) {
                        main = last;
                    } else {
                        deps.add(last);
                    }
                }
                case "=>" -> {
                    if (last == null || f.length < 3 || f[1].isEmpty()) {
                        problems.add("'=>' line without a module before it or without a path");
                        continue;
                    }
                    Module replaced = new Module(last.path(), last.version(), new Module(f[1], f[2], null));
                    if (lastIsMain) {
                        main = replaced;
                    } else {
                        deps.set(deps.size() - 1, replaced);
                    }
                    last = null;
                }
                case "build" -> {
                    String kv = line.length() > 6 ? line.substring(6) : "";
                    String key;
                    String value;
                    try {
                        if (kv.startsWith("\"")) {
                            int end = quotedEnd(kv);
                            key = unquote(kv.substring(0, end));
                            value = kv.length() > end ? kv.substring(end + 1) : "";
                        } else {
                            int eq = kv.indexOf('=');
                            key = eq < 0 ? kv : kv.substring(0, eq);
                            value = eq < 0 ? "" : kv.substring(eq + 1);
                        }
                        if (value.startsWith("\"")) {
                            value = unquote(value);
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add("malformed 'build' line");
                        continue;
                    }
                    if (!key.isEmpty()) {
                        settings.put(key, value);
                    }
                }
                default -> {
                    // "go" (the toolchain, 1.18+) and blank lines: the version comes from its own string
                }
            }
        }
        return new GoBuildInfo(path, main, deps, settings);
    }

    private static int quotedEnd(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated quote");
    }

    /** Go's {@code strconv.Unquote} for the escapes {@code strconv.Quote} writes into ASCII text. */
    static String unquote(String s) {
        if (s.length() < 2 || !s.endsWith("\"")) {
            throw new IllegalArgumentException("unterminated quote");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= s.length() - 1) {
                throw new IllegalArgumentException("bad escape");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '"', '\'' -> out.append(e);
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, Math.min(i + 3, s.length() - 1)), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape");
            }
        }
        return out.toString();
    }

    /**
     * The toolchain version as SemVer, the way the Go vulnerability database writes stdlib
     * versions: {@code go1.20.12} → {@code 1.20.12}, {@code go1.20} → {@code 1.20.0},
     * {@code go1.21rc2} → {@code 1.21.0-rc.2}. A suffix after a space ({@code X:boringcrypto}) is
     * dropped. Empty for {@code devel} builds and anything else.
     */
    static Optional<String> toolchainSemver(String goVersion) {
        String v = goVersion.strip();
        int space = v.indexOf(' ');
        if (space > 0) {
            v = v.substring(0, space);
        }
        Matcher m = GO_VERSION.matcher(v);
        if (!m.matches()) {
            return Optional.empty();
        }
        String minor = m.group(2) == null ? "0" : m.group(2);
        String patch = m.group(3) == null ? "0" : m.group(3);
        String pre = m.group(4) == null ? "" : "-" + m.group(4) + "." + m.group(5);
        return Optional.of(m.group(1) + "." + minor + "." + patch + pre);
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
