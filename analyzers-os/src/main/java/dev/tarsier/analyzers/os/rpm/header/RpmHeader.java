package dev.tarsier.analyzers.os.rpm.header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed rpm header blob, as rpm stores it in its package database.
 *
 * <p>Layout (rpm's {@code lib/header.c}, and "Package file format" in rpm's docs: the header
 * structure without its 8-byte magic prefix): big-endian {@code il} (index entry count) and
 * {@code dl} (data store length), then {@code il} entries of 16 bytes ({@code tag}, {@code type},
 * {@code offset} into the store, {@code count}), then the {@code dl}-byte data store. Strings are
 * NUL-terminated; integers big-endian.
 *
 * <p>Parsing checks every bound against the blob, so a hostile blob fails with
 * {@link MalformedHeaderException} instead of reading out of range or allocating what it claims.
 * Unknown tags and types are ignored.
 */
public final class RpmHeader {

    /** Tag numbers of {@code rpmtag.h} used here. */
    public static final int TAG_NAME = 1000;
    /** Version tag. */
    public static final int TAG_VERSION = 1001;
    /** Release tag. */
    public static final int TAG_RELEASE = 1002;
    /** Epoch tag (INT32). */
    public static final int TAG_EPOCH = 1003;
    /** Vendor tag. */
    public static final int TAG_VENDOR = 1011;
    /** License tag. */
    public static final int TAG_LICENSE = 1014;
    /** Architecture tag. */
    public static final int TAG_ARCH = 1022;
    /** File names of rpm before 4.1 (STRING_ARRAY of absolute paths). */
    public static final int TAG_OLDFILENAMES = 1027;
    /** Source RPM file name tag. */
    public static final int TAG_SOURCERPM = 1044;
    /** For each base name, the index of its directory in DIRNAMES (INT32 array). */
    public static final int TAG_DIRINDEXES = 1116;
    /** File base names (STRING_ARRAY). */
    public static final int TAG_BASENAMES = 1117;
    /** Directory names, each ending in {@code /} (STRING_ARRAY). */
    public static final int TAG_DIRNAMES = 1118;
    /** Module stream a package was built for. */
    public static final int TAG_MODULARITYLABEL = 5096;

    /** rpm's own sanity limits ({@code hdrchkTags}, {@code hdrchkData} in {@code header.c}). */
    static final int MAX_INDEX_ENTRIES = 0xffff;
    static final int MAX_DATA_LENGTH = 256 << 20;

    private static final int TYPE_CHAR = 1;
    private static final int TYPE_INT8 = 2;
    private static final int TYPE_INT16 = 3;
    private static final int TYPE_INT32 = 4;
    private static final int TYPE_INT64 = 5;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;

    /** One index entry. */
    private record Entry(int type, int offset, int count) {
    }

    private final byte[] blob;
    private final int storeStart;
    private final int storeLength;
    private final Map<Integer, Entry> entries;

    private RpmHeader(byte[] blob, int storeStart, int storeLength, Map<Integer, Entry> entries) {
        this.blob = blob;
        this.storeStart = storeStart;
        this.storeLength = storeLength;
        this.entries = entries;
    }

    /**
     * Parses a header blob. The array is kept, not copied: callers pass a blob they no longer change.
     *
     * @throws MalformedHeaderException if counts, lengths or offsets do not fit the blob
     */
    public static RpmHeader parse(byte[] blob) throws MalformedHeaderException {
        if (blob.length < 8) {
            throw new MalformedHeaderException("header blob of " + blob.length + " bytes is too short");
        }
        long il = u32(blob, 0);
        long dl = u32(blob, 4);
        if (il < 1 || il > MAX_INDEX_ENTRIES) {
            throw new MalformedHeaderException("header index count " + il + " out of range");
        }
        if (dl > MAX_DATA_LENGTH) {
            throw new MalformedHeaderException("header data length " + dl + " out of range");
        }
        long storeStart = 8 + il * 16;
        if (storeStart + dl > blob.length) {
            throw new MalformedHeaderException("header claims " + (storeStart + dl) + " bytes, blob has "
                    + blob.length);
        }
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < il; i++) {
            int at = 8 + i * 16;
            int tag = (int) u32(blob, at);
            long type = u32(blob, at + 4);
            long offset = u32(blob, at + 8);
            long count = u32(blob, at + 12);
            if (offset > dl || count > dl + 1) {
                throw new MalformedHeaderException("tag " + tag + ": offset " + offset + " / count " + count
                        + " outside data length " + dl);
            }
            entries.putIfAbsent(tag, new Entry((int) type, (int) offset, (int) count));
        }
        return new RpmHeader(blob, (int) storeStart, (int) dl, entries);
    }

    /** Whether the header has the tag. */
    public boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /**
     * The first string of a STRING, STRING_ARRAY or I18NSTRING tag.
     *
     * @throws MalformedHeaderException if the string is not terminated inside the data store
     */
    public Optional<String> string(int tag) throws MalformedHeaderException {
        Entry e = entries.get(tag);
        if (e == null || e.count < 1
                || (e.type != TYPE_STRING && e.type != TYPE_STRING_ARRAY && e.type != TYPE_I18NSTRING)) {
            return Optional.empty();
        }
        int[] end = new int[1];
        return Optional.of(readString(tag, storeStart + e.offset, end));
    }

    /**
     * All strings of a STRING_ARRAY tag; empty when absent.
     *
     * @throws MalformedHeaderException if a string runs past the data store
     */
    public List<String> strings(int tag) throws MalformedHeaderException {
        Entry e = entries.get(tag);
        if (e == null || (e.type != TYPE_STRING_ARRAY && e.type != TYPE_STRING && e.type != TYPE_I18NSTRING)) {
            return List.of();
        }
        int n = e.type == TYPE_STRING ? 1 : e.count;
        List<String> out = new ArrayList<>(Math.min(n, 4096));
        int pos = storeStart + e.offset;
        int[] end = new int[1];
        for (int i = 0; i < n; i++) {
            out.add(readString(tag, pos, end));
            pos = end[0] + 1;
        }
        return out;
    }

    /**
     * The first value of an integer tag (INT8, INT16, INT32 or INT64); INT32 values are unsigned.
     *
     * @throws MalformedHeaderException if the value lies outside the data store
     */
    public OptionalLong integer(int tag) throws MalformedHeaderException {
        Entry e = entries.get(tag);
        if (e == null || e.count < 1) {
            return OptionalLong.empty();
        }
        int width = width(e.type);
        if (width == 0) {
            return OptionalLong.empty();
        }
        int at = storeStart + e.offset;
        checkRange(tag, e.offset, width);
        return OptionalLong.of(switch (width) {
            case 1 -> blob[at] & 0xff;
            case 2 -> ((blob[at] & 0xff) << 8) | (blob[at + 1] & 0xff);
            case 4 -> u32(blob, at);
            default -> (u32(blob, at) << 32) | u32(blob, at + 4);
        });
    }

    /**
     * All values of an INT32 tag; empty when absent.
     *
     * @throws MalformedHeaderException if the array runs past the data store
     */
    public int[] int32s(int tag) throws MalformedHeaderException {
        Entry e = entries.get(tag);
        if (e == null || e.type != TYPE_INT32) {
            return new int[0];
        }
        checkRange(tag, e.offset, (long) e.count * 4);
        int[] out = new int[e.count];
        for (int i = 0; i < e.count; i++) {
            out[i] = (int) u32(blob, storeStart + e.offset + i * 4);
        }
        return out;
    }

    private static int width(int type) {
        return switch (type) {
            case TYPE_CHAR, TYPE_INT8 -> 1;
            case TYPE_INT16 -> 2;
            case TYPE_INT32 -> 4;
            case TYPE_INT64 -> 8;
            default -> 0;
        };
    }

    private void checkRange(int tag, long offset, long length) throws MalformedHeaderException {
        if (offset < 0 || offset + length > storeLength) {
            throw new MalformedHeaderException("tag " + tag + ": value outside the data store");
        }
    }

    private String readString(int tag, int from, int[] end) throws MalformedHeaderException {
        int limit = storeStart + storeLength;
        int i = from;
        while (i < limit && blob[i] != 0) {
            i++;
        }
        if (i >= limit) {
            throw new MalformedHeaderException("tag " + tag + ": string not terminated inside the data store");
        }
        end[0] = i;
        return new String(blob, from, i - from, StandardCharsets.UTF_8);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

}
