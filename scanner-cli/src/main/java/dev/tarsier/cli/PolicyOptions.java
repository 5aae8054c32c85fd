package dev.tarsier.cli;

import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.VexDocument;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CI gate's options, as a picocli {@code @Mixin}: separate OS and application thresholds,
 * {@code --fail-on-kev}, {@code --ignore-unfixed}, how UNKNOWN severities count, ignore files and OpenVEX documents.
 * {@link #toPolicy()} turns them into a {@link Policy}. The gate is independent of the display
 * options: nothing here changes what a report shows.
 */
public final class PolicyOptions {

    @Option(names = "--fail-on-os", paramLabel = "SEV", converter = SeverityConverter.class,
            description = "Fail (exit 1) when an OS package finding is at least SEV (low, medium, high, critical).")
    Severity failOnOs;

    @Option(names = "--fail-on-app", paramLabel = "SEV", converter = SeverityConverter.class,
            description = "Fail (exit 1) when an application finding is at least SEV.")
    Severity failOnApp;

    @Option(names = "--fail-on", paramLabel = "SEV", converter = SeverityConverter.class,
            description = "Threshold for both classes; --fail-on-os and --fail-on-app override it.")
    Severity failOn;

    @Option(names = "--fail-on-kev",
            description = "Fail (exit 1) when a finding is in CISA's Known Exploited Vulnerabilities catalog, whatever "
                    + "its severity; ignore files, VEX and --ignore-unfixed still suppress first.")
    boolean failOnKev;

    @Option(names = "--ignore-unfixed",
            description = "Suppress findings that have no fixed version (they stay in the report as suppressed).")
    boolean ignoreUnfixed;

    @Option(names = "--unknown-severity", paramLabel = "SEV|ignore", defaultValue = "medium",
            description = "What a finding of UNKNOWN severity counts as for the thresholds: low, medium, high, "
                    + "critical, or ignore (never fails). Default: ${DEFAULT-VALUE}.")
    String unknownSeverity;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "JSON ignore file (vulnerability id or alias, optional purl pattern, reason, optional expiry); repeatable.")
    List<Path> ignoreFiles = new ArrayList<>();

    @Option(names = "--vex", paramLabel = "FILE",
            description = "OpenVEX 0.2.0 document; not_affected and fixed statements suppress findings; repeatable.")
    List<Path> vexFiles = new ArrayList<>();

    /**
     * Builds the policy, reading every ignore file and VEX document.
     *
     * @throws PolicyInputException if a file cannot be read or is invalid (the message is one line)
     * @throws IllegalArgumentException if {@code --unknown-severity} has an invalid value
     */
    public Policy toPolicy() throws PolicyInputException {
        Policy.Builder b = Policy.builder().failOn(failOn).ignoreUnfixed(ignoreUnfixed).failOnKnownExploited(failOnKev);
        if (failOnOs != null) {
            b.failOnOs(failOnOs);
        }
        if (failOnApp != null) {
            b.failOnApp(failOnApp);
        }
        b.unknownCountsAs(unknownCountsAs(unknownSeverity));
        for (Path f : ignoreFiles) {
            b.ignoreFile(IgnoreFile.read(f));
        }
        for (Path f : vexFiles) {
            b.vex(VexDocument.read(f));
        }
        return b.build();
    }

    /** {@code ignore} means null (UNKNOWN never fails); otherwise a real severity. */
    static Severity unknownCountsAs(String value) {
        try {
            return Policy.parseUnknownCountsAs(value).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--unknown-severity " + e.getMessage(), e);
        }
    }

    /** Converts {@code high}, {@code HIGH}, {@code moderate}... to a {@link Severity}; UNKNOWN is no threshold. */
    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Policy.parseThreshold(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The thresholds (and the known-exploited rule when set) as one phrase for messages. */
    static String describe(Policy p) {
        return p.describeThresholds();
    }
}
