package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.internal.policy.PolicyEngine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link Policy} on a scan: every finding is either active or suppressed, and the
 * active findings at or above their class's threshold, or known exploited when
 * {@link Policy#failOnKnownExploited()} is set, are the violations.
 *
 * @param policy the policy evaluated; never null
 * @param active findings not suppressed, in {@link JsonReport#FINDING_ORDER}; never null
 * @param suppressed suppressed findings with the reason, in the same order; never null
 * @param violations the active findings that fail the policy for any reason, in the same order;
 *     {@link #thresholdViolations()} and {@link #knownExploitedViolations()} tell the reasons apart
 *     (a finding may have both); never null
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

    /** Whether the policy passed: no active finding reaches its class's threshold or fails as known exploited. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /**
     * The violations that reach their class's threshold, in {@link #violations()} order; never null.
     *
     * @since 0.4
     */
    public List<Finding> thresholdViolations() {
        return violations.stream().filter(f -> PolicyEngine.violatesThreshold(policy, f)).toList();
    }

    /**
     * The violations that fail because they are known exploited (empty unless
     * {@link Policy#failOnKnownExploited()}), in {@link #violations()} order; never null.
     *
     * @since 0.4
     */
    public List<Finding> knownExploitedViolations() {
        return violations.stream().filter(f -> PolicyEngine.violatesKnownExploited(policy, f)).toList();
    }

    /**
     * Why the policy failed, one phrase a reason, thresholds first: {@code "5 findings at or above
     * the threshold (os 1, app 4)"}, {@code "1 known exploited finding (CISA KEV)"}. A finding
     * that is both is counted in both. Empty when the policy passed; never null.
     *
     * @since 0.4
     */
    public List<String> failureReasons() {
        List<String> reasons = new ArrayList<>();
        List<Finding> threshold = thresholdViolations();
        if (!threshold.isEmpty()) {
            reasons.add(findings(threshold.size()) + " at or above the threshold (os " + count(threshold, PackageKind.OS)
                    + ", app " + count(threshold, PackageKind.APPLICATION) + ")");
        }
        int kev = knownExploitedViolations().size();
        if (kev > 0) {
            reasons.add(kev + " known exploited " + (kev == 1 ? "finding" : "findings") + " (CISA KEV)");
        }
        return reasons;
    }

    /**
     * The verdict as one line for people: {@code "passed"} or {@code "failed: "} and the
     * {@linkplain #failureReasons() reasons} joined by {@code "; "}.
     *
     * @since 0.4
     */
    public String describe() {
        return passed() ? "passed" : "failed: " + String.join("; ", failureReasons());
    }

    private static String findings(int n) {
        return n + (n == 1 ? " finding" : " findings");
    }

    private static long count(List<Finding> findings, PackageKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).count();
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
