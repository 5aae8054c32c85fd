package dev.tarsier.testkit;

import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Independent readers for what the kit writes: commons-compress tar/gzip, aircompressor zstd. */
final class TestFiles {

    private TestFiles() {
    }

    /** One tar entry as commons-compress reads it. */
    record Read(String name, byte type, int mode, long size, String linkName, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static List<Read> entries(byte[] tar) throws IOException {
        List<Read> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                out.add(new Read(e.getName(), linkFlag(e), e.getMode(), e.getSize(),
                        e.getLinkName(), content));
            }
        }
        return out;
    }

    private static byte linkFlag(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return '5';
        }
        if (e.isSymbolicLink()) {
            return '2';
        }
        if (e.isLink()) {
            return '1';
        }
        return '0';
    }

    /** Regular files of a tar by name. */
    static Map<String, byte[]> files(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Read r : entries(tar)) {
            if (r.type() == '0') {
                out.put(r.name(), r.content());
            }
        }
        return out;
    }

    /** Decompresses by magic bytes: gzip 1f 8b, zstd 28 b5 2f fd, else as-is. */
    static byte[] decompress(byte[] blob) throws IOException {
        if (blob.length >= 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b) {
            try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(blob))) {
                return in.readAllBytes();
            }
        }
        if (blob.length >= 4 && (blob[0] & 0xff) == 0x28 && (blob[1] & 0xff) == 0xb5
                && (blob[2] & 0xff) == 0x2f && (blob[3] & 0xff) == 0xfd) {
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(blob))) {
                return in.readAllBytes();
            }
        }
        return blob;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Every string value of {@code "key":"value"} in the JSON text, in order. */
    static List<String> strings(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"([^\"]*)\"").matcher(json);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every {@code sha256:<hex>} digest in the text, in order. */
    static List<String> digests(String text) {
        Matcher m = Pattern.compile("sha256:[0-9a-f]{64}").matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Every number value of {@code "key":123} in the JSON text, in order. */
    static List<Long> numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(\\d+)").matcher(json);
        List<Long> out = new ArrayList<>();
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    /** The raw 512-byte headers of an uncompressed tar, walking sizes from the octal field. */
    static List<byte[]> rawHeaders(byte[] tar) {
        List<byte[]> out = new ArrayList<>();
        int offset = 0;
        while (offset + 512 <= tar.length) {
            byte[] h = java.util.Arrays.copyOfRange(tar, offset, offset + 512);
            if (h[0] == 0) {
                break;
            }
            out.add(h);
            long size = Long.parseLong(field(h, 124, 12).trim(), 8);
            offset += 512 + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    /** A NUL-terminated header field as text. */
    static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
