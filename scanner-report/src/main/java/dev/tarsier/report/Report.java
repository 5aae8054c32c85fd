package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a report writer needs: the inventory, the findings when the image was matched against
 * a database, the policy verdict when a policy was evaluated, and the time the report is made.
 *
 * <p>Build one with {@link #inventory(Inventory)} (an SBOM: no findings) or
 * {@link #scan(Inventory, List, PolicyResult)}, then write it with {@link ReportWriter}.
 *
 * @param inventory what is in the image; never null
 * @param findings every finding (active and suppressed), when the image was matched; in
 *     {@link JsonReport#FINDING_ORDER}
 * @param policy the policy verdict, when a policy was evaluated
 * @param baseLayers how many bottom layers come from the base image, when the caller knows;
 *     otherwise {@link Remediation} detects them
 * @param created when the report is made (second precision); written only by formats that require
 *     a time (CycloneDX {@code metadata.timestamp}, SPDX {@code creationInfo.created}, SARIF
 *     invocation), never into the JSON report, which stays byte-identical across runs; never null
 * @since 0.1
 */
public record Report(Inventory inventory, Optional<List<Finding>> findings, Optional<PolicyResult> policy,
                     OptionalInt baseLayers, Instant created) {

    public Report {
        Objects.requireNonNull(inventory, "inventory");
        findings = findings.map(list -> list.stream().sorted(JsonReport.FINDING_ORDER).toList());
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(baseLayers, "baseLayers");
        created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.SECONDS);
    }

    /** A report of the inventory alone (an SBOM), made now. */
    public static Report inventory(Inventory inventory) {
        return new Report(inventory, Optional.empty(), Optional.empty(), OptionalInt.empty(), Instant.now());
    }

    /**
     * A scan report, made now.
     *
     * @param findings every finding of the scan
     * @param policy the verdict of the policy on these findings, or null when none was evaluated
     */
    public static Report scan(Inventory inventory, List<Finding> findings, PolicyResult policy) {
        return new Report(inventory, Optional.of(List.copyOf(findings)), Optional.ofNullable(policy),
                OptionalInt.empty(), Instant.now());
    }

    /** This report with another creation time (tests and reproducible builds fix it). */
    public Report withCreated(Instant time) {
        return new Report(inventory, findings, policy, baseLayers, time);
    }

    /** This report with a known number of base-image layers. */
    public Report withBaseLayers(int count) {
        return new Report(inventory, findings, policy, OptionalInt.of(count), created);
    }

    /** Whether the image was matched against a vulnerability database. */
    public boolean matched() {
        return findings.isPresent();
    }

    /** Findings that were not suppressed (all findings without a policy); empty for an SBOM. */
    public List<Finding> active() {
        return policy.map(PolicyResult::active).orElse(findings.orElse(List.of()));
    }

    /** Suppressed findings with the reason; empty without a policy. */
    public List<PolicySuppression> suppressed() {
        return policy.map(PolicyResult::suppressed).orElse(List.of());
    }

    /** Upgrade advice for the active findings. */
    public Remediation remediation() {
        return Remediation.of(inventory, active(), baseLayers);
    }
}
