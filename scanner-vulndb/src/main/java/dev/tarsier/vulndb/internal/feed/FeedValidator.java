package dev.tarsier.vulndb.internal.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a downloaded file before it replaces the cached one, so a body that is whole by HTTP's
 * measure but unusable (a cut zip, a wrong year's file) never reaches the cache.
 */
@FunctionalInterface
public interface FeedValidator {

    /** Accepts every file. */
    FeedValidator NONE = file -> {
    };

    /**
     * Checks the file.
     *
     * @param downloadedFile the complete download, in a temporary file of the feed's cache folder
     * @throws IOException with a one-line reason when the file is not acceptable
     */
    void validate(Path downloadedFile) throws IOException;

    /**
     * A zip archive that is whole: its central directory opens and every entry inflates to the
     * size and CRC-32 the directory records (osv.dev's {@code all.zip}).
     */
    static FeedValidator zipArchive() {
        return file -> {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                byte[] buffer = new byte[64 << 10];
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    CRC32 crc = new CRC32();
                    long size = 0;
                    try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            size += n;
                        }
                    }
                    if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()
                            || entry.getSize() != -1 && entry.getSize() != size) {
                        throw new ZipException("zip entry " + entry.getName() + " is corrupt (CRC or size differs)");
                    }
                }
            }
        };
    }

    /**
     * A gzip file whose decompressed content has this SHA-256: NVD's {@code .meta} files give the
     * digest of the uncompressed JSON, not of the {@code .json.gz} served.
     *
     * @param sha256 64 hex digits, either case
     * @throws IllegalArgumentException when {@code sha256} is not a SHA-256 in hex
     */
    static FeedValidator gzipContentSha256(String sha256) {
        String expected = Sha256.normalize(sha256, "content sha256");
        return file -> {
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(file), 64 << 10),
                    digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String actual = Sha256.hex(digest);
            if (!actual.equals(expected)) {
                throw new IOException("decompressed content has sha256 " + actual + ", expected " + expected);
            }
        };
    }
}
