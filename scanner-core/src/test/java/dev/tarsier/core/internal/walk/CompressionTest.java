package dev.tarsier.core.internal.walk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressionTest {

    /**
     * A damaged zstd layer found by fuzzing (scanner-fuzz, ImageFuzzTest#layerZstd): the decoder fails
     * with an ArrayIndexOutOfBoundsException inside its tables.
     */
    private static final byte[] DAMAGED_ZSTD = Base64.getDecoder().decode(
            "KLUv/WQAKV0sAMpHEBFDUKhxAGFeONYjnxRyw2Uo7s7fgA2jN+pJrL1myIEt0yUJkUUKDSPcf4IS3Lu1O8tT9GrbkpLkv0BiUh+d"
            + "MTKzmkzUfuQA8wAeAW/aS5e0fNsxV7qUpr00Vv5l+oL1r2/h1y/pW2uNs/7W8dc9eX8kPfc7nptIWlmMkfSy1/VvbdU1ynNXj6jT"
            + "0fd6NMpzb0pnlOeeE617d8Udk7PXpGtt9V3ble1Z6ea7qewReb6FXc8i43n+zHspdyOyb9W/G+VZl2ZgV5cLdTaXshBtSn2/YVNU"
            + "8URV1W+KqGPXDOzq+kIAi1FSQKqpn5UuXsr1/H0hgB7l78u+MM/799157318/3iObfWm+5EZcyZN295z+zPvJodR7ndsy3rU+9b7"
            + "933hl0U9CsM8773n/ciMA8E7lpl2XNN2vSrpujM/Vo/nWvmd8Zpl030Zc32lOoJz/jvjRSDOFQWJHIAWd8+8WzOUvpaCQTVAMKrZ"
            + "05MgG6gOZorK0CwISBjmrGxoBjZADTBMcMwFO81N46fCzszIXFCDA8ysalAoxmzYx2m4VlH9nIBRTcPuFAVUm6p+Q8750YobT1N4"
            + "LpfjR0O4IPHdvS7bvmxrf621rn9n1jTboiiq671XHmB397o8d+tIz+vS/s/ee++9rr8vyfw1yvSyTpTvPK9137ZlPY+Vf6k+bZp5"
            + "jG0ZqWYt6Vl92jFXsa5/N7Hedoz88ZPzE/sKI4XZlceuAU0mqyRHuuIczQDa48dIUq3riOujAIpAYnfgWDnbrMW4oyb1Z8sOqhZq"
            + "x5QRHx26PzcfIz9BWrtIxLegzgMpeEkKD67yU6N0ciiCJAFuTx9Bb5Rf/soIzZgbHcA+UBKmvBAuqXKVJanpo5LFJewsQB4eamsx"
            + "WBUMinh0XCxrwKxASfWUSEHm5vYBgiE2qA4OIixiT7ZemxoWti47TDfE2gzkeMheCKBIKZJd1ZcSAjINPC8QG2zIUWxoV6RUyNBH"
            + "wCFRAbXCplQ6rLDQhemrxpCXGCQzcdBYpKWl/QNYWGtG9tda/cqqRnnuRnmukpL6wDlP6pxzn6T2AORWM1Br0IbOnCwFSEuE1EMm"
            + "NNHdVmFQGObCEpScMVKEa2ov6wE79m1R0+uadLHWSmbbvi8702vSxdrj5PEfu/25WJTvXphtt75xddLG5900tiiHdzDM4yXvvpSN"
            + "3b6buAac31o+xIc455wIQJAoRINzCDcEnCfh4CrnR0I3GZzzJyDPMi1HUVwZl9R6IV7slDDnEBMvBLzKyJZwlPEakwDmLAcuQhIS"
            + "LAdG0MJEaOB5gcDByCRKoHy48mWCXVuVltV7SSuV9PHDrwTnb4LQBhjOHJSMGGbkioJEjvtygIYbDy/GiFj8I00ntAgx4Ql4KFgQ"
            + "e7a58X4GemgI+w1RtaFEdcAQeOnhfI8ilCwnIBXyUELj8CPJ0xTB2saMzPBIwKslPDphbEkiTgJ2qIGZQQoJaEYgkAkAFoRBAMAC"
            + "AIGZ4jQSYLBAhEEgiCSgIJJBIIYg4QgQBDHGKCIwwhEyiiF+/fuAbEClZMCGHvARCZdb+qs6NgDwjD4BB+DKdKUFgXMAzunABtTw"
            + "n524ks4VBjwh84vMr/zmqw+caC1lH1tF3Naogx2hBLQlmThcmMnJnxroaRxdTHyLSoCmNDGKbGday7YBZYWpj3DdIVuArPuoQXMU"
            + "OUiMw5nvr4njGFrALWoQVYHKyYnG0h7pAM2nMQBwlAEULv8S9d+K9p8S/S1jPxH+DGBQ0NfW1KgwhQFIwh3wDKbrf0xb0rmElyR4"
            + "kMAABFMrfyj7oVPavxk7NkgGoATssLsJNLRtxxQPjYGyeQbQ79qldDlaIMoilUqBSdEAGzfj2Gc1xnR0KFMiAEPYqFPgE9Bk5iSs"
            + "A1PxHaHYcM0=");

    @Test
    void decompress_damagedZstdFrame_failsWithAnIOExceptionNamingTheFormat() throws IOException {
        assertEquals(Compression.ZSTD, Compression.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(DAMAGED_ZSTD))));
        InputStream in = Compression.decompress(new ByteArrayInputStream(DAMAGED_ZSTD));
        IOException e = assertThrows(IOException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().startsWith("corrupt zstd stream"), e.getMessage());
        assertTrue(e.getCause() instanceof RuntimeException, String.valueOf(e.getCause()));
    }
}
