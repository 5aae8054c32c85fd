package dev.tarsier.vulndb.internal.db;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The MAVEN_INDEX section of {@link DbFormat}: every Maven artifactId the advisories name, with its
 * groupIds. Derived from the package keys alone ({@code Maven NUL groupId:artifactId}).
 */
final class MavenIndex {

    /** Strings in the order of their UTF-8 bytes, unsigned: the order the reader's binary search needs. */
    static final Comparator<String> UTF8_ORDER = (x, y) -> Arrays.compareUnsigned(
            x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));

    private MavenIndex() {
    }

    /** Adds a package key to an index under construction when it is a Maven {@code groupId:artifactId}. */
    static void add(SortedMap<String, SortedSet<String>> index, String key) {
        String prefix = DbFormat.MAVEN + '\0';
        if (!key.startsWith(prefix)) {
            return;
        }
        String name = key.substring(prefix.length());
        int colon = name.indexOf(':');
        // OSV Maven names are groupId:artifactId; anything else names no artifact
        if (colon <= 0 || colon == name.length() - 1 || name.indexOf(':', colon + 1) >= 0) {
            return;
        }
        index.computeIfAbsent(name.substring(colon + 1), a -> new TreeSet<>(UTF8_ORDER)).add(name.substring(0, colon));
    }

    /** A new, empty index in the file's order. */
    static SortedMap<String, SortedSet<String>> create() {
        return new TreeMap<>(UTF8_ORDER);
    }

    /** The section's bytes: the offset table, then the records. */
    static byte[] encode(SortedMap<String, SortedSet<String>> index) {
        Bytes table = new Bytes(4 * (index.size() + 1));
        Bytes records = new Bytes(16 * index.size() + 16);
        for (Map.Entry<String, SortedSet<String>> e : index.entrySet()) {
            table.i32(records.size());
            records.str(e.getKey()).varint(e.getValue().size());
            e.getValue().forEach(records::str);
        }
        table.i32(records.size());
        return table.bytes(records.toArray()).toArray();
    }
}
