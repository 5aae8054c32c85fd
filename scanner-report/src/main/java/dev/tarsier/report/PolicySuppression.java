package dev.tarsier.report;

import dev.tarsier.api.Finding;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding the policy suppressed, and why. Suppressed findings never fail the gate; reports keep
 * them visible with this explanation.
 *
 * @param finding the suppressed finding; never null
 * @param kind what suppressed it; never null
 * @param reason the human explanation: the ignore rule's reason, the VEX impact statement or
 *     status notes, or a fixed text for unfixed findings; never null
 * @param source where the suppression came from: the ignore file's or VEX document's name, or
 *     {@code --ignore-unfixed}; never null
 * @param vexStatus the VEX status ({@code not_affected} or {@code fixed}) for VEX suppressions
 * @param justification the VEX justification label ({@code vulnerable_code_not_in_execute_path},
 *     ...), when the statement gives one
 * @param expires the ignore rule's expiry date, when it has one
 * @since 0.1
 */
public record PolicySuppression(Finding finding, Kind kind, String reason, String source,
                                Optional<String> vexStatus, Optional<String> justification,
                                Optional<LocalDate> expires) {

    /** What suppressed a finding. */
    public enum Kind {
        /** An OpenVEX statement with status {@code not_affected} or {@code fixed}. */
        VEX("vex"),
        /** A rule of an ignore file. */
        IGNORE_FILE("ignoreFile"),
        /** No fixed version is published and the policy ignores unfixed findings. */
        UNFIXED("unfixed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name used in reports ({@code vex}, {@code ignoreFile}, {@code unfixed}). */
        public String label() {
            return label;
        }
    }

    public PolicySuppression {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(vexStatus, "vexStatus");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(expires, "expires");
    }
}
