package dev.tarsier.report.internal.policy;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.JsonReport;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.PolicySuppression;
import dev.tarsier.report.VexDocument;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a {@link Policy}: suppression (VEX, then ignore rules, then unfixed), then the
 * per-class thresholds and the known-exploited rule on what is left.
 */
public final class PolicyEngine {

    /** Source name of suppressions made by {@link Policy#ignoreUnfixed()}. */
    public static final String UNFIXED_SOURCE = "--ignore-unfixed";

    private PolicyEngine() {
    }

    /** Evaluates the policy; see {@link Policy#evaluate(Inventory, List, LocalDate)}. */
    public static PolicyResult evaluate(Policy policy, Inventory inventory, List<Finding> findings, LocalDate today) {
        List<IgnoreFile.Rule> live = new ArrayList<>();
        List<IgnoreFile.Rule> expired = new ArrayList<>();
        for (IgnoreFile file : policy.ignoreFiles()) {
            for (IgnoreFile.Rule rule : file.rules()) {
                (rule.expiredOn(today) ? expired : live).add(rule);
            }
        }
        List<Finding> active = new ArrayList<>();
        List<PolicySuppression> suppressed = new ArrayList<>();
        List<Finding> violations = new ArrayList<>();
        for (Finding f : findings.stream().sorted(JsonReport.FINDING_ORDER).toList()) {
            Optional<PolicySuppression> why = vex(policy.vexDocuments(), inventory, f)
                    .or(() -> ignore(live, f))
                    .or(() -> unfixed(policy, f));
            if (why.isPresent()) {
                suppressed.add(why.get());
                continue;
            }
            active.add(f);
            if (violatesThreshold(policy, f) || violatesKnownExploited(policy, f)) {
                violations.add(f);
            }
        }
        return new PolicyResult(policy, active, suppressed, violations, expired);
    }

    /** Whether an active finding reaches its class's threshold, UNKNOWN counted as configured. */
    public static boolean violatesThreshold(Policy policy, Finding f) {
        Optional<Severity> threshold = policy.threshold(f.kind());
        if (threshold.isEmpty()) {
            return false;
        }
        Optional<Severity> counted = f.severity() == Severity.UNKNOWN ? policy.unknownCountsAs() : Optional.of(f.severity());
        return counted.map(s -> s.atLeast(threshold.get())).orElse(false);
    }

    /** Whether an active finding fails because it is known exploited and the policy says that fails. */
    public static boolean violatesKnownExploited(Policy policy, Finding f) {
        return policy.failOnKnownExploited() && f.knownExploited();
    }

    private static Optional<PolicySuppression> ignore(List<IgnoreFile.Rule> rules, Finding f) {
        for (IgnoreFile.Rule rule : rules) {
            if (rule.matches(f)) {
                return Optional.of(new PolicySuppression(f, PolicySuppression.Kind.IGNORE_FILE, rule.reason(),
                        rule.file(), Optional.empty(), Optional.empty(), rule.expires()));
            }
        }
        return Optional.empty();
    }

    private static Optional<PolicySuppression> unfixed(Policy policy, Finding f) {
        if (policy.ignoreUnfixed() && !f.fixable()) {
            return Optional.of(new PolicySuppression(f, PolicySuppression.Kind.UNFIXED,
                    "no fixed version is published", UNFIXED_SOURCE, Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return Optional.empty();
    }

    /** The deciding (latest) statement about this finding across all documents, if it suppresses. */
    private static Optional<PolicySuppression> vex(List<VexDocument> documents, Inventory inventory, Finding f) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(f.id());
        names.addAll(f.aliases());
        VexDocument.Statement decisive = null;
        VexDocument decisiveDoc = null;
        OffsetDateTime decisiveTime = null;
        for (VexDocument doc : documents) {
            for (VexDocument.Statement st : doc.statements()) {
                if (!names.contains(st.vulnerability()) && st.aliases().stream().noneMatch(names::contains)) {
                    continue;
                }
                if (st.products().stream().noneMatch(p -> productCovers(p, inventory, f))) {
                    continue;
                }
                OffsetDateTime time = st.timestamp().or(doc::timestamp).orElse(null);
                if (decisive == null || !isBefore(time, decisiveTime)) {
                    decisive = st;
                    decisiveDoc = doc;
                    decisiveTime = time;
                }
            }
        }
        if (decisive == null || !decisive.status().suppresses()) {
            return Optional.empty();
        }
        String reason = decisive.impactStatement().or(decisive::statusNotes)
                .or(decisive::justification).orElse("VEX status " + decisive.status().label());
        return Optional.of(new PolicySuppression(f, PolicySuppression.Kind.VEX, reason, decisiveDoc.name(),
                Optional.of(decisive.status().label()), decisive.justification(), Optional.empty()));
    }

    /** An untimed statement counts as older than a timed one, so a dated statement overrides it. */
    private static boolean isBefore(OffsetDateTime time, OffsetDateTime than) {
        if (time == null) {
            return than != null;
        }
        return than != null && time.isBefore(than);
    }

    /**
     * Whether a VEX product covers the finding's package: the product names the package itself, or
     * the product names this image (an {@code oci} PURL or {@code @id} with the image digest) and
     * either has no subcomponents or lists the package among them, or the product (whatever it is:
     * the document was given for this scan) lists the package among its subcomponents.
     */
    static boolean productCovers(VexDocument.Product product, Inventory inventory, Finding f) {
        PackageURL pkg = f.pkg().purl();
        if (product.ids().stream().anyMatch(id -> purlCovers(id, pkg))) {
            return true;
        }
        if (product.subcomponents().stream().anyMatch(id -> purlCovers(id, pkg))) {
            return true;
        }
        return product.subcomponents().isEmpty()
                && product.ids().stream().anyMatch(id -> namesImage(id, inventory));
    }

    private static boolean namesImage(String id, Inventory inventory) {
        String digest = inventory.image().digest();
        if (id.equals(digest) || id.equals(inventory.image().source())) {
            return true;
        }
        Optional<PackageURL> purl = parse(id);
        return purl.isPresent() && "oci".equals(purl.get().getType()) && digest.equals(purl.get().getVersion());
    }

    /**
     * PURL matching as the purl-spec suggests for VEX: type, namespace and name must be equal; a
     * version and qualifiers given in the statement must also be equal, while absent ones match
     * anything.
     */
    static boolean purlCovers(String statementPurl, PackageURL pkg) {
        Optional<PackageURL> parsed = parse(statementPurl);
        if (parsed.isEmpty()) {
            return false;
        }
        PackageURL s = parsed.get();
        if (!s.getType().equals(pkg.getType()) || !Objects.equals(lower(s.getNamespace()), lower(pkg.getNamespace()))
                || !s.getName().equals(pkg.getName())) {
            return false;
        }
        if (s.getVersion() != null && !s.getVersion().equals(pkg.getVersion())) {
            return false;
        }
        Map<String, String> wanted = s.getQualifiers();
        Map<String, String> have = pkg.getQualifiers();
        if (wanted != null) {
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                if (have == null || !e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static Optional<PackageURL> parse(String s) {
        if (!s.startsWith("pkg:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PackageURL(s));
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
    }
}
