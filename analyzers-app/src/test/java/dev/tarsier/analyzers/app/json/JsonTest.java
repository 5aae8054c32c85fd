package dev.tarsier.analyzers.app.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    private static Object parse(String text) throws IOException {
        return Json.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20, 16, Set.of());
    }

    @Test
    void parse_allValueKinds_buildsMapsListsStringsNumbersAndLiterals() throws IOException {
        Object v = parse("\uFEFF { \"a\": [1, -2.5e3, 0], \"b\": {\"c\": \"x\\u00e9\\n\\\"\\/\"}, \"t\": true, \"f\": false, \"n\": null } ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), new BigDecimal("0")));
        expected.put("b", Map.of("c", "xé\n\"/"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        assertEquals(expected, v);
    }

    @Test
    void parse_duplicateName_keepsTheLastValue() throws IOException {
        assertEquals(Map.of("a", "2"), parse("{\"a\":\"1\",\"a\":\"2\"}"));
    }

    @Test
    void parse_ignoredKeys_areCheckedButNotKept() throws IOException {
        Object v = Json.parse(new ByteArrayInputStream("{\"keep\":1,\"drop\":{\"deep\":[1,2,{\"x\":\"y\"}]}}"
                .getBytes(StandardCharsets.UTF_8)), 1 << 20, 16, Set.of("drop"));
        assertEquals(Map.of("keep", BigDecimal.ONE), v);
        assertThrows(Json.JsonException.class, () -> Json.parse(new ByteArrayInputStream(
                "{\"drop\":[1,]}".getBytes(StandardCharsets.UTF_8)), 1 << 20, 16, Set.of("drop")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
            "// c\n{}", "{\"a\":tru}", "{\"a\":\"tab\there\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{} {}",
            "{\"a\" 1}", "[1 2]", "\"unterminated", "{\"a\":NaN}", "-", "+1"})
    void parse_invalidJson_failsWithALineNumber(String text) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    }

    /** Found by fuzzing (scanner-fuzz, AnalyzerFuzzTest#depsJson): BigDecimal refused the exponent with a NumberFormatException. */
    @ParameterizedTest
    @ValueSource(strings = {"2e6666666666666666", "[1E-99999999999]", "{\"a\": -0.5e+2147483648}"})
    void parse_exponentBeyondBigDecimalScale_failsAsJsonError(String text) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> parse(text));
        assertTrue(e.getMessage().contains("number out of range"), e.getMessage());
    }

    @Test
    void parse_errorOnLaterLine_reportsThatLine() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> parse("{\n\"a\": 1,\n\"b\": x\n}"));
        assertTrue(e.getMessage().startsWith("line 3:"), e.getMessage());
    }

    @Test
    void parse_deeperThanTheCap_fails() {
        char[] open = new char[17];
        Arrays.fill(open, '[');
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> parse(new String(open)));
        assertTrue(e.getMessage().contains("deeper than 16"), e.getMessage());
    }

    @Test
    void parse_largerThanTheCharacterCap_failsWithoutReadingFurther() {
        String big = "[\"" + "x".repeat(100_000) + "\"]";
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(
                new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)), 10_000, 16, Set.of()));
        assertTrue(e.getMessage().contains("larger than 10000"), e.getMessage());
    }

    @Test
    void parse_invalidUtf8_failsWithACodingError() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        assertThrows(java.nio.charset.CharacterCodingException.class,
                () -> Json.parse(new ByteArrayInputStream(bad), 1 << 20, 16, Set.of()));
    }
}
