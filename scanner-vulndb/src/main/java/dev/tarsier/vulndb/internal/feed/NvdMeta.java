package dev.tarsier.vulndb.internal.feed;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An NVD data feed {@code .meta} file, published beside each {@code nvdcve-2.0-YYYY.json.gz}
 * (<a href="https://nvd.nist.gov/vuln/data-feeds">NVD data feeds</a>): {@code key:value} lines,
 * CRLF or LF. Fetching the small {@code .meta} and comparing its {@link #sha256} with the
 * {@link FeedMeta#contentSha256} of the cached year tells whether the large file changed.
 *
 * @param lastModifiedDate when NVD last changed the feed
 * @param size length of the uncompressed JSON
 * @param zipSize length of the {@code .zip} variant, when given
 * @param gzSize length of the {@code .gz} variant, when given
 * @param sha256 SHA-256 of the <em>uncompressed</em> JSON, lower-case hex
 */
public record NvdMeta(OffsetDateTime lastModifiedDate, long size, OptionalLong zipSize, OptionalLong gzSize,
                      String sha256) {

    /** Validates the record; see the component descriptions. */
    public NvdMeta {
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        Objects.requireNonNull(zipSize, "zipSize");
        Objects.requireNonNull(gzSize, "gzSize");
        sha256 = Sha256.normalize(Objects.requireNonNull(sha256, "sha256"), "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /**
     * Reads a {@code .meta} file's text. Unknown keys are ignored, as NVD may add some.
     *
     * @throws IOException when {@code lastModifiedDate}, {@code size} or {@code sha256} is missing
     *     or a value is malformed
     */
    public static NvdMeta parse(String text) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            // the first colon ends the key: the date's own colons belong to the value
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("NVD meta: not a key:value line: " + line);
            }
            fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        try {
            return new NvdMeta(OffsetDateTime.parse(required(fields, "lastModifiedDate")),
                    Long.parseLong(required(fields, "size")), optionalLong(fields, "zipSize"),
                    optionalLong(fields, "gzSize"), required(fields, "sha256"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            // NumberFormatException is an IllegalArgumentException
            throw new IOException("NVD meta: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> fields, String key) throws IOException {
        String value = fields.get(key);
        if (value == null) {
            throw new IOException("NVD meta: no " + key + " line");
        }
        return value;
    }

    private static OptionalLong optionalLong(Map<String, String> fields, String key) {
        String value = fields.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }
}
