package dev.tarsier.analyzers.os.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rpm header blobs the way rpm stores them in its database (index entries, then the data
 * store, big-endian), for tests that need headers rpm itself would not produce.
 */
public final class HeaderBlobs {

    private record Tag(int tag, int type, byte[] data, int count, int align) {
    }

    private final List<Tag> tags = new ArrayList<>();

    /** A STRING tag. */
    public HeaderBlobs string(int tag, String value) {
        tags.add(new Tag(tag, 6, cstr(value), 1, 1));
        return this;
    }

    /** A STRING_ARRAY tag. */
    public HeaderBlobs strings(int tag, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(cstr(v));
        }
        tags.add(new Tag(tag, 8, out.toByteArray(), values.length, 1));
        return this;
    }

    /** An INT32 tag with one or more values. */
    public HeaderBlobs int32(int tag, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        tags.add(new Tag(tag, 4, b.array(), values.length, 4));
        return this;
    }

    /** The usual identity tags of a package. */
    public static HeaderBlobs pkg(String name, String version, String release, String arch) {
        return new HeaderBlobs().string(1000, name).string(1001, version).string(1002, release)
                .string(1022, arch).string(1044, name + "-" + version + "-" + release + ".src.rpm");
    }

    /** The blob: il, dl, entries, data store. */
    public byte[] build() {
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        ByteBuffer index = ByteBuffer.allocate(tags.size() * 16);
        for (Tag t : tags) {
            while (store.size() % t.align != 0) {
                store.write(0);
            }
            index.putInt(t.tag).putInt(t.type).putInt(store.size()).putInt(t.count);
            store.writeBytes(t.data);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + index.capacity() + store.size());
        out.putInt(tags.size()).putInt(store.size()).put(index.array()).put(store.toByteArray());
        return out.array();
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
