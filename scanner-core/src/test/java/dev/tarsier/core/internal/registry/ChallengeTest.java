package dev.tarsier.core.internal.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChallengeTest {

    @Test
    void parse_dockerHubBearerChallenge_givesRealmServiceAndScope() {
        List<Challenge> c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull\"");
        assertEquals(List.of(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/alpine:pull"))), c);
    }

    @Test
    void parse_severalChallengesTokensAndEscapes_areSeparated() {
        List<Challenge> c = Challenge.parse("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=simple");
        assertEquals(2, c.size());
        assertEquals(Map.of("realm", "apps", "type", "1", "title", "Login to \"apps\""), c.get(0).params());
        assertEquals(new Challenge("basic", Map.of("realm", "simple")), c.get(1));
    }

    @Test
    void parse_token68AndGarbage_neverThrow() {
        assertEquals(List.of(new Challenge("negotiate", Map.of())), Challenge.parse("Negotiate abc+/def=="));
        assertEquals(List.of(), Challenge.parse(""));
        assertEquals("bearer", Challenge.parse("Bearer realm=\"unterminated").get(0).scheme());
    }
}
