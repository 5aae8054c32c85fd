package dev.tarsier.analyzers.os.rpm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small Berkeley DB hash files laid out as rpm's {@code Packages}: a metadata page, one
 * hash page holding key/value entries (the key 0 counter inline, each header off-page), and the
 * overflow pages of the headers. Little-endian unless asked otherwise (s390x writes big-endian),
 * 512-byte pages, so that headers span several overflow pages.
 */
final class BerkeleyDbFiles {

    static final int PAGE = 512;

    private BerkeleyDbFiles() {
    }

    /** Page number of the first overflow page of the {@code index}-th blob in {@link #write}'s output. */
    static int firstOverflowPage(List<byte[]> blobs, int index) {
        int page = 2;
        for (int i = 0; i < index; i++) {
            page += pagesFor(blobs.get(i));
        }
        return page;
    }

    static int pagesFor(byte[] blob) {
        return (blob.length + PAGE - 27) / (PAGE - 26);
    }

    static byte[] write(List<byte[]> blobs) {
        return write(blobs, ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] write(List<byte[]> blobs, ByteOrder order) {
        int overflowPages = 0;
        for (byte[] b : blobs) {
            overflowPages += pagesFor(b);
        }
        int pages = 2 + overflowPages;
        ByteBuffer f = ByteBuffer.allocate(pages * PAGE).order(order);
        // Metadata page.
        f.putInt(8, 0).putInt(12, 0x061561).putInt(16, 9).putInt(20, PAGE);
        f.put(24, (byte) 0).put(25, (byte) 8).putInt(32, pages - 1);
        // Hash page 1: entries are written from the end of the page downwards.
        List<byte[]> items = new ArrayList<>();
        items.add(keyData(word(0, order)));
        items.add(keyData(word(1, order)));
        int next = 2;
        for (int i = 0; i < blobs.size(); i++) {
            items.add(keyData(word(i + 1, order)));
            ByteBuffer off = ByteBuffer.allocate(12).order(order);
            off.put(0, (byte) 3).putInt(4, next).putInt(8, blobs.get(i).length);
            items.add(off.array());
            next += pagesFor(blobs.get(i));
        }
        int base = PAGE;
        f.putInt(base + 8, 1).putShort(base + 20, (short) items.size()).put(base + 25, (byte) 13);
        int end = PAGE;
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            end -= item.length;
            f.putShort(base + 26 + 2 * i, (short) end);
            f.put(base + end, item);
        }
        // Overflow pages.
        int page = 2;
        for (byte[] blob : blobs) {
            int n = pagesFor(blob);
            for (int k = 0; k < n; k++, page++) {
                int at = page * PAGE;
                int from = k * (PAGE - 26);
                int len = Math.min(PAGE - 26, blob.length - from);
                f.putInt(at + 8, page).putInt(at + 12, k == 0 ? 0 : page - 1)
                        .putInt(at + 16, k == n - 1 ? 0 : page + 1)
                        .putShort(at + 20, (short) 1).putShort(at + 22, (short) len).put(at + 25, (byte) 7);
                f.put(at + 26, blob, from, len);
            }
        }
        return f.array();
    }

    private static byte[] word(int v, ByteOrder order) {
        return ByteBuffer.allocate(4).order(order).putInt(v).array();
    }

    private static byte[] keyData(byte[] data) {
        byte[] out = new byte[data.length + 1];
        out[0] = 1;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }
}
