package dev.tarsier.maven;

import dev.tarsier.api.Package;
import dev.tarsier.api.Severity;
import dev.tarsier.report.Remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line of the build-failure message per package to upgrade. */
final class UpgradeAdvice {

    private static final List<Severity> ORDER =
            List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.UNKNOWN);

    private UpgradeAdvice() {
    }

    /**
     * {@code com.fasterxml.jackson.core:jackson-databind 2.9.8 -> 2.9.10.8 (fixes 3: 1 critical, 2 high;
     * app/libs/jackson-databind-2.9.8.jar)}; without a computable target the fixed versions are
     * listed, and findings without any fix are counted.
     */
    static String line(Remediation.PackageAdvice advice) {
        Package pkg = advice.pkg();
        StringBuilder sb = new StringBuilder(coordinates(pkg)).append(' ').append(pkg.version()).append(" -> ");
        if (advice.upgradeTo().isPresent()) {
            sb.append(advice.upgradeTo().get());
        } else if (!advice.fixedVersions().isEmpty()) {
            sb.append("one of ").append(String.join(", ", advice.fixedVersions()));
        } else {
            sb.append("no fixed version published");
        }
        sb.append(" (");
        int total = advice.findings().size();
        sb.append(total).append(total == 1 ? " finding: " : " findings: ").append(bySeverity(advice));
        if (advice.unfixable() > 0) {
            sb.append(", ").append(advice.unfixable()).append(" without a fix");
        }
        sb.append("; ").append(pkg.location().path()).append(')');
        return sb.toString();
    }

    /** Maven packages as {@code group:artifact}, others by name. */
    static String coordinates(Package pkg) {
        String namespace = pkg.purl().getNamespace();
        return "maven".equals(pkg.type()) && namespace != null ? namespace + ":" + pkg.name() : pkg.name();
    }

    private static String bySeverity(Remediation.PackageAdvice advice) {
        List<String> parts = new ArrayList<>();
        for (Severity s : ORDER) {
            long n = advice.findings().stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                parts.add(n + " " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        return String.join(", ", parts);
    }
}
