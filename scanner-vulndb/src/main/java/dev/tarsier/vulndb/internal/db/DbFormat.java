package dev.tarsier.vulndb.internal.db;

import java.nio.charset.StandardCharsets;

/**
 * The compiled vulnerability DB file format, version 3 (version 2 is still read). All integers
 * big-endian.
 *
 * <pre>
 * header (HEADER_LENGTH bytes)
 *   magic            8  "TSRVDB\r\n" (the CR LF catches text-mode transfer damage)
 *   formatVersion    i32
 *   headerLength     i32
 *   fileLength       i64   the whole file, footer included (a truncated file is detected at open)
 *   then nine sections (eight in version 2), each (offset i64, length i64, crc32c i32, count i32):
 *     META           JSON metadata (build time, sources, counts, ecosystems)
 *     VULN_TABLE     i32 offsets into VULN_DATA, count + 1 entries (the last is the end)
 *     VULN_DATA      advisory records
 *     KEY_TABLE      count entries of (keyOffset i32, keyLength i32, dataOffset i32, dataLength i32),
 *                    sorted by key bytes (unsigned)
 *     KEY_BLOB       keys: UTF-8 "ecosystem" NUL "name"
 *     PKG_DATA       per key: the affected entries of that package
 *     CVE_TABLE      i32 offsets into CVE_DATA, count + 1 entries, in CVE id order (unsigned bytes)
 *     CVE_DATA       per CVE that an advisory refers to (by id or alias): what NVD, the CVE record,
 *                    KEV and EPSS say about it
 *     MAVEN_INDEX    (version 3) every Maven artifactId the advisories name with its groupIds: count + 1
 *                    i32 offsets relative to the end of that table, then per artifactId (in the
 *                    order of its UTF-8 bytes, unsigned) the artifactId and a varint count of groupIds
 *                    followed by the groupIds (sorted the same way); count = number of artifactIds
 *   headerCrc        i32   CRC32C of the header bytes before it
 * sections, in the order above
 * footer (FOOTER_LENGTH bytes)
 *   sha256           32    of every byte before the footer
 *   endMagic         8     "TSRVEND\n"
 * </pre>
 *
 * <p>Each VULN_DATA and PKG_DATA record starts with the CRC32C of the rest of the record, checked
 * when the record is read. The small sections (META, the tables, KEY_BLOB) are checked at open; the
 * whole file against the footer digest by a full verification. The CRCs of VULN_DATA and PKG_DATA
 * in the header cover the whole sections and are checked by a full verification too.
 *
 * <p>A rating is a severity (u8, {@link dev.tarsier.api.Severity} ordinal; 0xFF: no rating and
 * nothing follows), then CVSS score × 10 (i16, -1 none), vector and source (strings).
 *
 * <p>Advisory record: id, alias count + aliases, modified, summary present (u8) + summary, rating.
 *
 * <p>Package record: entry count, then per entry: advisory index, rating override, range count, per
 * range (type u8, event count, per event kind u8 + value), version count + versions.
 *
 * <p>CVE record: id, NVD rating, CNA rating, CISA-ADP rating, KEV (u8 0/1, then the date added as
 * a varint epoch day), EPSS (u8 0/1, then score and percentile as i32 float bits).
 *
 * <p>Counts and indexes are unsigned LEB128 varints; strings are a varint byte length and UTF-8.
 * Version 1 files (no ratings' sources, no CVE sections) are refused with a request to rebuild.
 * Version 2 files have no MAVEN_INDEX (and a header eight sections long): the reader derives the same
 * index from the Maven keys of KEY_TABLE when it is first asked. MAVEN_INDEX is derived from the
 * package keys alone, so merging DBs (which copies encoded advisories and their keys) rebuilds it.
 */
public final class DbFormat {
    private DbFormat() {
    }

    static final byte[] MAGIC = "TSRVDB\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MAGIC = "TSRVEND\n".getBytes(StandardCharsets.US_ASCII);

    /** Current format version, the one written; readers also read {@link #OLDEST_READ}. */
    public static final int FORMAT_VERSION = 3;

    /** Oldest format version still read: version 2, without MAVEN_INDEX. */
    public static final int OLDEST_READ = 2;

    static final int SECTIONS = 9;
    static final int SECTION_ENTRY = 8 + 8 + 4 + 4;
    static final int HEADER_LENGTH = headerLength(SECTIONS);
    static final int FOOTER_LENGTH = 32 + 8;

    static final int META = 0;
    static final int VULN_TABLE = 1;
    static final int VULN_DATA = 2;
    static final int KEY_TABLE = 3;
    static final int KEY_BLOB = 4;
    static final int PKG_DATA = 5;
    static final int CVE_TABLE = 6;
    static final int CVE_DATA = 7;
    static final int MAVEN_INDEX = 8;

    /** The Maven ecosystem, whose package names are {@code groupId:artifactId}. */
    static final String MAVEN = "Maven";

    /** Sections of a file of this format version. */
    static int sections(int formatVersion) {
        return formatVersion == 2 ? 8 : SECTIONS;
    }

    /** Header length for this many sections. */
    static int headerLength(int sections) {
        return 8 + 4 + 4 + 8 + sections * SECTION_ENTRY + 4;
    }

    static final int KEY_ENTRY = 16;
    static final int NO_SEVERITY = 0xff;

    /**
     * The key of a package: ecosystem, NUL, name. NuGet package ids are case-insensitive (nuget.org
     * keeps one id per lower-cased spelling; OSV writes {@code Microsoft.NetCore.App.Runtime.linux-arm}
     * where a {@code deps.json} says {@code Microsoft.NETCore.App.Runtime.linux-arm}), so NuGet names
     * are keyed lower-cased, on both the writing and the reading side.
     */
    static String key(String ecosystem, String name) {
        return ecosystem + '\0' + (ecosystem.equals("NuGet") ? name.toLowerCase(java.util.Locale.ROOT) : name);
    }
}
