package dev.tarsier.vulndb.internal.feed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NvdMeta#parse} on NVD 2.0 {@code .meta} files. */
class FeedNvdMetaTest {

    private static final String SHA = "9C5FC9A9E1B4B5D4B8F7F3A2E1D0C9B8A7F6E5D4C3B2A1908F7E6D5C4B3A2910";

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n"})
    void parse_crlfOrLfLines_readsEveryField(String eol) throws IOException {
        String text = String.join(eol, "lastModifiedDate:2024-04-30T03:00:01-04:00", "size:312871234",
                "zipSize:16012345", "gzSize:16012210", "sha256:" + SHA) + eol;

        NvdMeta meta = NvdMeta.parse(text);

        assertEquals(OffsetDateTime.parse("2024-04-30T03:00:01-04:00"), meta.lastModifiedDate());
        assertEquals(312871234L, meta.size());
        assertEquals(OptionalLong.of(16012345L), meta.zipSize());
        assertEquals(OptionalLong.of(16012210L), meta.gzSize());
        assertEquals(SHA.toLowerCase(), meta.sha256());
    }

    @Test
    void parse_withoutOptionalSizesAndWithUnknownKeys_keepsTheRest() throws IOException {
        NvdMeta meta = NvdMeta.parse("lastModifiedDate:2024-04-30T03:00:01-04:00\nsize:10\nfuture:1\nsha256:" + SHA);

        assertEquals(OptionalLong.empty(), meta.zipSize());
        assertEquals(OptionalLong.empty(), meta.gzSize());
    }

    @Test
    void parse_noSha256_failsNamingTheMissingLine() {
        IOException e = assertThrows(IOException.class,
                () -> NvdMeta.parse("lastModifiedDate:2024-04-30T03:00:01-04:00\nsize:10\n"));

        assertEquals("NVD meta: no sha256 line", e.getMessage());
    }

    @Test
    void parse_malformedValues_fail() {
        assertThrows(IOException.class, () -> NvdMeta.parse("lastModifiedDate:yesterday\nsize:10\nsha256:" + SHA));
        assertThrows(IOException.class, () -> NvdMeta.parse("lastModifiedDate:2024-04-30T03:00:01-04:00\nsize:ten\nsha256:"
                + SHA));
        IOException e = assertThrows(IOException.class,
                () -> NvdMeta.parse("lastModifiedDate:2024-04-30T03:00:01-04:00\nsize:1\nsha256:abc"));
        assertTrue(e.getMessage().contains("not a sha256"), e.getMessage());
        assertThrows(IOException.class, () -> NvdMeta.parse("<html>Not Found</html>"));
    }
}
