package dev.tarsier.analyzers.app.json;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/** Mutated lockfiles only ever fail with the reader's own exceptions. */
class JsonFuzzTest {

    @Test
    void parse_randomlyMutatedDocuments_failOnlyWithJsonOrCodingErrors() throws IOException {
        byte[] doc = ("{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"a\"}, \"node_modules/b\": "
                + "{\"version\": \"1.0.0\", \"dev\": true, \"n\": [1, -2.5e3, null, \"\\u00e9\\n\"]}}}")
                .getBytes(StandardCharsets.UTF_8);
        String alphabet = "{}[],:\"\\0123456789eE.-+tfn ";
        Random random = new Random(99);
        for (int round = 0; round < 2000; round++) {
            byte[] mutated = doc.clone();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                mutated[random.nextInt(mutated.length)] = (byte) (random.nextBoolean() ? random.nextInt(128)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Json.parse(new ByteArrayInputStream(mutated), 1 << 16, 8, Set.of("n"));
            } catch (Json.JsonException | CharacterCodingException expected) {
                // the only acceptable failures
            } catch (RuntimeException e) {
                fail("round " + round + ": " + new String(mutated, StandardCharsets.UTF_8), e);
            }
        }
    }
}
