package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.report.internal.policy.PolicyEngine;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The CI gate: which findings fail the build, and which are suppressed.
 *
 * <p>OS and application findings have separate thresholds: a finding fails the policy when its
 * class has a threshold and its severity is at least that threshold. A finding whose severity is
 * {@link Severity#UNKNOWN} counts as {@link #unknownCountsAs()} for the gate only (it is still
 * reported as {@code UNKNOWN}); the default is {@link #DEFAULT_UNKNOWN_COUNTS_AS}. Before the gate,
 * findings are suppressed, in this order of precedence: by an OpenVEX {@code not_affected} or
 * {@code fixed} statement, by an unexpired ignore-file rule, and (with {@link #ignoreUnfixed()})
 * because no fix is published. Suppressed findings never fail the policy and stay in the report
 * with the reason. With {@link #failOnKnownExploited()}, an active finding that is in CISA's Known
 * Exploited Vulnerabilities catalog fails the policy whatever its severity and class.
 *
 * <p>The gate is independent of what is displayed: writers show every finding whatever the
 * thresholds. Immutable and thread-safe.
 *
 * @param failOnOs threshold for OS package findings; empty means OS findings never fail
 * @param failOnApp threshold for application findings; empty means they never fail
 * @param ignoreUnfixed whether findings without a fixed version are suppressed
 * @param unknownCountsAs the severity an {@code UNKNOWN} finding counts as for the thresholds;
 *     empty means {@code UNKNOWN} findings never fail the policy
 * @param ignoreFiles ignore files whose rules apply; never null
 * @param vexDocuments OpenVEX documents whose statements apply; never null
 * @param failOnKnownExploited whether an active finding that is {@linkplain Finding#knownExploited()
 *     known exploited} fails the policy, whatever its severity. Since 0.4.
 * @since 0.1
 */
public record Policy(Optional<Severity> failOnOs, Optional<Severity> failOnApp, boolean ignoreUnfixed,
                     Optional<Severity> unknownCountsAs, List<IgnoreFile> ignoreFiles,
                     List<VexDocument> vexDocuments, boolean failOnKnownExploited) {

    /**
     * How {@code UNKNOWN} counts unless configured: as {@link Severity#MEDIUM}. An unrated
     * vulnerability is not assumed harmless (it fails a MEDIUM gate, the usual application gate),
     * but it does not fail a HIGH gate either: distributions publish many advisories without a
     * severity, and treating all of them as HIGH would fail nearly every image.
     */
    public static final Severity DEFAULT_UNKNOWN_COUNTS_AS = Severity.MEDIUM;

    public Policy {
        Objects.requireNonNull(failOnOs, "failOnOs");
        Objects.requireNonNull(failOnApp, "failOnApp");
        Objects.requireNonNull(unknownCountsAs, "unknownCountsAs");
        if (unknownCountsAs.orElse(Severity.LOW) == Severity.UNKNOWN) {
            throw new IllegalArgumentException("unknownCountsAs must be a real severity (LOW..CRITICAL)");
        }
        ignoreFiles = List.copyOf(ignoreFiles);
        vexDocuments = List.copyOf(vexDocuments);
    }

    /** A policy on which known-exploited findings fail only through the thresholds (the 0.1 constructor). */
    public Policy(Optional<Severity> failOnOs, Optional<Severity> failOnApp, boolean ignoreUnfixed,
                  Optional<Severity> unknownCountsAs, List<IgnoreFile> ignoreFiles, List<VexDocument> vexDocuments) {
        this(failOnOs, failOnApp, ignoreUnfixed, unknownCountsAs, ignoreFiles, vexDocuments, false);
    }

    /** A policy that fails on nothing and suppresses nothing: every scan passes. */
    public static Policy permissive() {
        return builder().build();
    }

    /** Starts a builder; with no option set it builds {@link #permissive()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a threshold as users write it ({@code high}, {@code HIGH}, {@code moderate}...), the
     * one rule the CLI's {@code --fail-on*} options and the Maven plugin's {@code failOn*}
     * parameters share.
     *
     * @return the severity; never {@link Severity#UNKNOWN}
     * @throws IllegalArgumentException naming the valid values, for {@code unknown} or any other text
     * @since 0.4
     */
    public static Severity parseThreshold(String value) {
        Objects.requireNonNull(value, "value");
        try {
            Severity s = Severity.parse(value);
            if (s != Severity.UNKNOWN) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the list of valid values
        }
        throw new IllegalArgumentException("'" + value + "' is not a severity (low, medium, high, critical)");
    }

    /**
     * Parses what an {@code UNKNOWN} severity counts as for the thresholds: a real severity, or
     * {@code ignore} for "never fails" (empty; {@link Builder#unknownCountsAs} takes it as null).
     *
     * @throws IllegalArgumentException for any other value; the message starts with "must be" so
     *     callers can put the option's name in front of it
     * @since 0.4
     */
    public static Optional<Severity> parseUnknownCountsAs(String value) {
        Objects.requireNonNull(value, "value");
        if (value.strip().equalsIgnoreCase("ignore")) {
            return Optional.empty();
        }
        Severity s;
        try {
            s = Severity.parse(value);
        } catch (IllegalArgumentException e) {
            s = Severity.UNKNOWN;
        }
        if (s == Severity.UNKNOWN) {
            throw new IllegalArgumentException("must be low, medium, high, critical or ignore, not '" + value + "'");
        }
        return Optional.of(s);
    }

    /**
     * The thresholds (and the known-exploited rule when set) as one phrase for messages:
     * {@code "os >= high, app >= never"}.
     *
     * @since 0.4
     */
    public String describeThresholds() {
        return "os >= " + failOnOs.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("never")
                + ", app >= " + failOnApp.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("never")
                + (failOnKnownExploited ? ", known exploited fails" : "");
    }

    /** The threshold for findings of the given class. */
    public Optional<Severity> threshold(PackageKind kind) {
        return kind == PackageKind.OS ? failOnOs : failOnApp;
    }

    /**
     * Evaluates the policy with today's date (UTC) deciding which ignore rules have expired.
     *
     * @param inventory the scanned image (used to match VEX statements about the image itself)
     * @param findings the findings of the scan
     * @return the verdict, with every finding either active or suppressed; never null
     */
    public PolicyResult evaluate(Inventory inventory, List<Finding> findings) {
        return evaluate(inventory, findings, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * Evaluates the policy on a given day: an ignore rule suppresses up to and including its
     * expiry date, and is reported as expired from the next day on.
     *
     * @param today the date expiry is judged against
     * @return the verdict; never null
     */
    public PolicyResult evaluate(Inventory inventory, List<Finding> findings, LocalDate today) {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(today, "today");
        return PolicyEngine.evaluate(this, inventory, findings, today);
    }

    /** Builds a {@link Policy}. Not thread-safe. */
    public static final class Builder {
        private Severity failOnOs;
        private Severity failOnApp;
        private boolean ignoreUnfixed;
        private boolean failOnKnownExploited;
        private Severity unknownCountsAs = DEFAULT_UNKNOWN_COUNTS_AS;
        private final List<IgnoreFile> ignoreFiles = new ArrayList<>();
        private final List<VexDocument> vexDocuments = new ArrayList<>();

        private Builder() {
        }

        /** OS findings at or above this severity fail the policy; null clears the threshold. */
        public Builder failOnOs(Severity value) {
            this.failOnOs = value;
            return this;
        }

        /** Application findings at or above this severity fail the policy; null clears it. */
        public Builder failOnApp(Severity value) {
            this.failOnApp = value;
            return this;
        }

        /** Sets both thresholds (the CLI's {@code --fail-on}). */
        public Builder failOn(Severity value) {
            return failOnOs(value).failOnApp(value);
        }

        /** Suppresses findings that have no fixed version. */
        public Builder ignoreUnfixed(boolean value) {
            this.ignoreUnfixed = value;
            return this;
        }

        /**
         * Whether an active finding in CISA's Known Exploited Vulnerabilities catalog fails the
         * policy whatever its severity (the CLI's {@code --fail-on-kev}). Suppression still comes
         * first: a known-exploited finding silenced by VEX, an ignore rule or
         * {@link #ignoreUnfixed} does not fail.
         *
         * @since 0.4
         */
        public Builder failOnKnownExploited(boolean value) {
            this.failOnKnownExploited = value;
            return this;
        }

        /**
         * The severity an {@code UNKNOWN} finding counts as; null means such findings never fail.
         *
         * @throws IllegalArgumentException if {@code value} is {@link Severity#UNKNOWN}
         */
        public Builder unknownCountsAs(Severity value) {
            if (value == Severity.UNKNOWN) {
                throw new IllegalArgumentException("unknownCountsAs must be a real severity (LOW..CRITICAL)");
            }
            this.unknownCountsAs = value;
            return this;
        }

        /** Adds an ignore file. */
        public Builder ignoreFile(IgnoreFile value) {
            ignoreFiles.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds an OpenVEX document. */
        public Builder vex(VexDocument value) {
            vexDocuments.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds the policy. */
        public Policy build() {
            return new Policy(Optional.ofNullable(failOnOs), Optional.ofNullable(failOnApp), ignoreUnfixed,
                    Optional.ofNullable(unknownCountsAs), ignoreFiles, vexDocuments, failOnKnownExploited);
        }
    }
}
