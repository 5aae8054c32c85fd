package dev.tarsier.report;

import dev.tarsier.api.Severity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The option parsing the CLI and the Maven plugin share: thresholds, UNKNOWN handling, the thresholds phrase. */
class PolicyOptionParsingTest {

    @ParameterizedTest
    @CsvSource({"low, LOW", "Medium, MEDIUM", "moderate, MEDIUM", " HIGH , HIGH", "critical, CRITICAL"})
    void parseThreshold_severityNames_caseInsensitive(String text, Severity expected) {
        assertEquals(expected, Policy.parseThreshold(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "severe", "", "ignore"})
    void parseThreshold_unknownOrOtherText_isRejectedNamingTheValidValues(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.parseThreshold(text));
        assertEquals("'" + text + "' is not a severity (low, medium, high, critical)", e.getMessage());
    }

    @Test
    void parseUnknownCountsAs_ignoreIsEmptyAndSeveritiesAreThemselves() {
        assertEquals(Optional.empty(), Policy.parseUnknownCountsAs(" Ignore "));
        assertEquals(Optional.of(Severity.HIGH), Policy.parseUnknownCountsAs("high"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.parseUnknownCountsAs("unknown"));
        assertEquals("must be low, medium, high, critical or ignore, not 'unknown'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Policy.parseUnknownCountsAs("sometimes"));
    }

    @Test
    void describeThresholds_namesBothClassesAndTheKevRule() {
        assertEquals("os >= never, app >= never", Policy.permissive().describeThresholds());
        assertEquals("os >= high, app >= medium, known exploited fails", Policy.builder().failOnOs(Severity.HIGH)
                .failOnApp(Severity.MEDIUM).failOnKnownExploited(true).build().describeThresholds());
    }
}
