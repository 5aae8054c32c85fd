package dev.tarsier.vulndb.internal.feed;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 digests as lower-case hex, the one spelling stored and compared in this package. */
final class Sha256 {

    private Sha256() {
    }

    /** A new digest; every JDK has SHA-256. */
    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The digest in lower case (NVD writes upper case).
     *
     * @throws IllegalArgumentException when {@code value} is not 64 hex digits
     */
    static String normalize(String value, String what) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(what + " is not a sha256 in hex: " + value);
        }
        return lower;
    }
}
