package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link Policy} on a scan: every finding is either active or suppressed, and the
 * active findings at or above their class's threshold are the violations.
 *
 * @param policy the policy evaluated; never null
 * @param active findings not suppressed, in {@link JsonReport#FINDING_ORDER}; never null
 * @param suppressed suppressed findings with the reason, in the same order; never null
 * @param violations the active findings that fail the policy, in the same order; never null
 * @param expiredRules ignore rules whose expiry date has passed: they suppressed nothing and are
 *     reported so that someone renews or removes them; never null
 * @since 0.1
 */
public record PolicyResult(Policy policy, List<Finding> active, List<PolicySuppression> suppressed,
                           List<Finding> violations, List<IgnoreFile.Rule> expiredRules) {

    public PolicyResult {
        Objects.requireNonNull(policy, "policy");
        active = List.copyOf(active);
        suppressed = List.copyOf(suppressed);
        violations = List.copyOf(violations);
        expiredRules = List.copyOf(expiredRules);
    }

    /** Whether the policy passed: no active finding reaches its class's threshold. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** Number of active findings of a class by severity, every severity present (zero included). */
    public Map<Severity, Integer> activeCounts(PackageKind kind) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        for (Finding f : active) {
            if (f.kind() == kind) {
                counts.merge(f.severity(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Number of suppressed findings by what suppressed them, every kind present. */
    public Map<PolicySuppression.Kind, Integer> suppressedCounts() {
        Map<PolicySuppression.Kind, Integer> counts = new EnumMap<>(PolicySuppression.Kind.class);
        for (PolicySuppression.Kind k : PolicySuppression.Kind.values()) {
            counts.put(k, 0);
        }
        suppressed.forEach(s -> counts.merge(s.kind(), 1, Integer::sum));
        return counts;
    }
}
