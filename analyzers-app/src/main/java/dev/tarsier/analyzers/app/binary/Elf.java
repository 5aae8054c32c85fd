package dev.tarsier.analyzers.app.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an ELF file's header and program header table that locate data in a stream
 * (System V ABI, "Object Files": ELF header, "Program Header"; the same layout for ELFCLASS32 and
 * ELFCLASS64 with 4- or 8-byte fields, in the file's byte order).
 */
final class Elf {

    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    static final int PF_X = 1;
    static final int PF_W = 2;
    static final int SHT_NOBITS = 8;
    /** More program headers than any real linker writes: a hostile or corrupt header. */
    static final int MAX_PROGRAM_HEADERS = 512;
    static final int MAX_SECTION_HEADERS = 65_280;

    record Segment(int type, int flags, long offset, long vaddr, long fileSize) {
        boolean holds(long address, long length) {
            return address >= vaddr && length >= 0 && address - vaddr <= fileSize - length;
        }
    }

    record Section(int nameOffset, int type, long offset, long size) {
    }

    final boolean is64;
    final boolean bigEndian;
    final int machine;
    final long phoff;
    final long shoff;
    final int phentsize;
    final int phnum;
    final int shentsize;
    final int shnum;
    final int shstrndx;
    final List<Segment> segments = new ArrayList<>();

    private Elf(byte[] h) {
        is64 = h[4] == 2;
        bigEndian = h[5] == 2;
        machine = u16(h, 18);
        phoff = is64 ? u64(h, 32) : u32(h, 28);
        shoff = is64 ? u64(h, 40) : u32(h, 32);
        int at = is64 ? 54 : 42;
        phentsize = u16(h, at);
        phnum = u16(h, at + 2);
        shentsize = u16(h, at + 4);
        shnum = u16(h, at + 6);
        shstrndx = u16(h, at + 8);
    }

    /** Whether the bytes start with the ELF magic and a known class and byte order. */
    static boolean isElf(byte[] h) {
        return h.length >= 52 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F'
                && (h[4] == 1 || h[4] == 2) && (h[5] == 1 || h[5] == 2) && (h[4] == 1 || h.length >= 64);
    }

    /** Parses the ELF header (the first 64 bytes, or 52 for ELFCLASS32). */
    static Elf header(byte[] h) {
        return new Elf(h);
    }

    /** Size of the ELF header: program headers cannot start inside it. */
    int headerSize() {
        return is64 ? 64 : 52;
    }

    int programHeaderSize() {
        return is64 ? 56 : 32;
    }

    int sectionHeaderSize() {
        return is64 ? 64 : 40;
    }

    /** Reads the program header table's entries (bytes of {@code phnum * phentsize}). */
    void programHeaders(byte[] table) {
        for (int i = 0; i < phnum; i++) {
            int p = i * phentsize;
            if (is64) {
                segments.add(new Segment((int) u32(table, p), (int) u32(table, p + 4), u64(table, p + 8),
                        u64(table, p + 16), u64(table, p + 32)));
            } else {
                segments.add(new Segment((int) u32(table, p), (int) u32(table, p + 24), u32(table, p + 4),
                        u32(table, p + 8), u32(table, p + 16)));
            }
        }
    }

    Section section(byte[] table, int index) {
        int p = index * shentsize;
        if (is64) {
            return new Section((int) u32(table, p), (int) u32(table, p + 4), u64(table, p + 24), u64(table, p + 32));
        }
        return new Section((int) u32(table, p), (int) u32(table, p + 4), u32(table, p + 16), u32(table, p + 20));
    }

    /**
     * The loadable segments that are writable and not executable, in file order: Go's linker puts
     * the build info at the start of the first one, or of the second when the first is the
     * read-only-after-relocation data of a position-independent executable.
     */
    List<Segment> dataSegments() {
        return segments.stream().filter(s -> s.type == PT_LOAD && (s.flags & (PF_X | PF_W)) == PF_W)
                .sorted(java.util.Comparator.comparingLong(Segment::offset)).toList();
    }

    /** The file offset of a virtual address range, when one loadable segment holds it in the file. */
    Optional<Long> fileOffset(long address, long length) {
        for (Segment s : segments) {
            if (s.type == PT_LOAD && s.holds(address, length)) {
                return Optional.of(s.offset + (address - s.vaddr));
            }
        }
        return Optional.empty();
    }

    /** Where the loadable segments end in the file: the non-allocated sections come after. */
    long loadedEnd() {
        long end = 0;
        for (Segment s : segments) {
            if (s.type == PT_LOAD && s.offset >= 0 && s.fileSize >= 0) {
                end = Math.max(end, s.offset + s.fileSize);
            }
        }
        return end;
    }

    int u16(byte[] b, int at) {
        return bigEndian ? (b[at] & 0xff) << 8 | b[at + 1] & 0xff : (b[at + 1] & 0xff) << 8 | b[at] & 0xff;
    }

    long u32(byte[] b, int at) {
        return (long) u16(b, bigEndian ? at : at + 2) << 16 | u16(b, bigEndian ? at + 2 : at);
    }

    long u64(byte[] b, int at) {
        return u32(b, bigEndian ? at : at + 4) << 32 | u32(b, bigEndian ? at + 4 : at);
    }

    /** A pointer of the given size (4 or 8) at {@code at}, in this byte order or the given one. */
    static long pointer(byte[] b, int at, int size, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int k = bigEndian ? at + i : at + size - 1 - i;
            v = v << 8 | (b[k] & 0xff);
        }
        return v;
    }
}
