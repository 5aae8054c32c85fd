package dev.tarsier.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for OCI digests (image-spec descriptor.md, "Digests"). */
final class Digests {

    private Digests() {
    }

    /** Lower-case hex SHA-256 of the bytes. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** {@code sha256:<hex>} of the bytes. */
    static String sha256(byte[] bytes) {
        return "sha256:" + sha256Hex(bytes);
    }
}
