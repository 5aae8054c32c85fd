package dev.tarsier.vulndb.internal.feed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Backoff}: exponential waits with jitter, and {@code Retry-After}. */
class FeedBackoffTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void delay_doublesPerAttemptWithAtMostAQuarterOfJitter() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long expected = 1000L << (attempt - 1);
            long actual = backoff.delay(attempt).toMillis();
            assertTrue(actual >= expected && actual <= expected + expected / 4, attempt + ": " + actual);
        }
    }

    @Test
    void delay_manyAttempts_isCapped() {
        assertEquals(Duration.ofSeconds(60), backoff.delay(40));
    }

    @Test
    void retryAfter_secondsOrHttpDate_givesTheWaitCapped() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), backoff.retryAfter(" 7 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(60)), backoff.retryAfter("3600", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(2)), backoff.retryAfter("Wed, 01 May 2024 10:00:02 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), backoff.retryAfter("Wed, 01 May 2024 09:00:00 GMT", NOW));
    }

    @Test
    void retryAfter_garbage_isEmpty() {
        assertEquals(Optional.empty(), backoff.retryAfter("soon", NOW));
        assertEquals(Optional.empty(), backoff.retryAfter("-5", NOW));
    }
}
