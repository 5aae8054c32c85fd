package dev.tarsier.vulndb.internal.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: {@code base × 2^(n-1)} plus up to a quarter more of
 * jitter (so many clients cut off together do not come back together), or what the server's
 * {@code Retry-After} asks; either capped at {@code max}.
 */
record Backoff(Duration base, Duration max) {

    /** The wait after failed attempt {@code attempt} (1 for the first). */
    Duration delay(int attempt) {
        long baseMillis = base.toMillis();
        int doublings = Math.min(attempt - 1, 30);
        long millis = baseMillis > Long.MAX_VALUE >> doublings ? Long.MAX_VALUE : baseMillis << doublings;
        long jitter = millis / 4 > 0 ? ThreadLocalRandom.current().nextLong(millis / 4 + 1) : 0;
        return capped(Duration.ofMillis(millis).plusMillis(jitter));
    }

    /** {@code wait}, but no longer than {@link #max} and no shorter than zero. */
    Duration capped(Duration wait) {
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(max) > 0 ? max : wait;
    }

    /**
     * The wait a {@code Retry-After} value asks for (RFC 9110 section 10.2.3: delay-seconds or an
     * HTTP-date), capped; empty when the value is neither.
     */
    Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(capped(Duration.ofSeconds(Long.parseLong(v))));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(capped(Duration.between(now, at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
