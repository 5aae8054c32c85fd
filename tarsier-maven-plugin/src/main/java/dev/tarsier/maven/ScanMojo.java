package dev.tarsier.maven;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Finding;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.Severity;
import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ImageReference;
import dev.tarsier.core.ImageScanner;
import dev.tarsier.core.ProxyEnvironment;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.PolicyResult;
import dev.tarsier.report.Remediation;
import dev.tarsier.report.Report;
import dev.tarsier.report.ReportFormat;
import dev.tarsier.report.ReportWriter;
import dev.tarsier.report.VexDocument;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code tarsier:scan}: scans the image the build made and fails the build when the policy fails.
 *
 * <p>The image is Jib's {@code target/jib-image.tar} by default (Docker or OCI format), or any
 * reference the CLI takes: a docker-archive, an OCI layout or archive, a root filesystem
 * directory, or {@code registry:HOST/REPO[:TAG|@DIGEST]}. Relative paths are resolved against the
 * module's base directory, so the goal behaves the same in a reactor and under {@code mvn -T}.
 * The findings are matched against the database from the default cache ({@code tarsier db
 * update}) or {@link #db}; reports are written to {@link #outputs}; when the policy fails, the
 * build fails with a message that lists what to upgrade.
 *
 * <p>Thread-safe: every execution opens its own scanner and database and keeps its state in
 * local variables; the class has no static mutable state.
 *
 * @since 0.4
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ScanMojo extends AbstractMojo {

    /** User property that holds {@link #outputs} as {@code FORMAT=FILE[,FORMAT=FILE...]}. */
    static final String OUTPUTS_PROPERTY = "tarsier.outputs";

    /**
     * The image: a path (Jib's {@code jib-image.tar}, a docker-archive, an OCI layout or archive),
     * or a prefixed reference ({@code docker-archive:}, {@code oci:}, {@code oci-archive:},
     * {@code dir:}, {@code registry:}).
     */
    @Parameter(property = "tarsier.image", defaultValue = "${project.build.directory}/jib-image.tar")
    String image;

    /** The compiled vulnerability database; default: the cache {@code tarsier db update} writes. */
    @Parameter(property = "tarsier.db")
    File db;

    /** Fail when an OS package finding is at least this severity (low, medium, high, critical). */
    @Parameter(property = "tarsier.failOnOs")
    String failOnOs;

    /** Fail when an application finding is at least this severity. */
    @Parameter(property = "tarsier.failOnApp")
    String failOnApp;

    /** Threshold for both classes; {@link #failOnOs} and {@link #failOnApp} override it. */
    @Parameter(property = "tarsier.failOn")
    String failOn;

    /** Fail when a finding is in CISA's Known Exploited Vulnerabilities catalog, whatever its severity. */
    @Parameter(property = "tarsier.failOnKev", defaultValue = "false")
    boolean failOnKev;

    /** What an UNKNOWN severity counts as for the thresholds: low, medium, high, critical or ignore. */
    @Parameter(property = "tarsier.unknownSeverity", defaultValue = "medium")
    String unknownSeverity;

    /** Ignore files (the CLI's {@code --ignore-file} format). */
    @Parameter(property = "tarsier.ignoreFiles")
    List<File> ignoreFiles;

    /** OpenVEX documents whose {@code not_affected} and {@code fixed} statements suppress findings. */
    @Parameter(property = "tarsier.vexFiles")
    List<File> vexFiles;

    /**
     * Reports to write, format ({@code json}, {@code table}, {@code cyclonedx}, {@code spdx},
     * {@code sarif}) to file; default a JSON and a SARIF report in
     * {@code ${project.build.directory}/tarsier/}. On the command line:
     * {@code -Dtarsier.outputs=json=target/a.json,sarif=target/a.sarif}.
     */
    @Parameter
    Map<String, String> outputs;

    /** Platform to pick from a multi-platform image ({@code os/arch[/variant]}; default linux/amd64). */
    @Parameter(property = "tarsier.platform")
    String platform;

    /** Registries reached over plain HTTP or unverified TLS ({@code host[:port]}). */
    @Parameter(property = "tarsier.insecureRegistries")
    List<String> insecureRegistries;

    /** Skips the scan. */
    @Parameter(property = "tarsier.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Tarsier scan skipped");
            return;
        }
        Policy policy = policy();
        Map<ReportFormat, Path> reports = reports();
        ImageReference reference = reference();
        Path dbPath = database();

        Inventory inventory;
        VulnerabilityMatchResult matched;
        try (VulnerabilityDatabase database = VulnerabilityDatabase.open(dbPath)) {
            inventory = inventory(reference);
            matched = new VulnerabilityMatcher(database).match(inventory);
        } catch (VulnerabilityDatabaseException e) {
            throw new MojoExecutionException("Tarsier cannot use the vulnerability database " + dbPath + ": "
                    + e.getMessage() + "; run 'tarsier db update' or set <db> (-Dtarsier.db=PATH)", e);
        }
        List<Diagnostic> diagnostics = new ArrayList<>(inventory.diagnostics());
        diagnostics.addAll(matched.diagnostics());
        inventory = inventory.withDiagnostics(diagnostics);
        for (Diagnostic d : diagnostics) {
            if (d.severity() != Diagnostic.Severity.INFO) {
                getLog().warn("Tarsier: " + d.message() + d.path().map(p -> " (" + p + ")").orElse(""));
            }
        }

        PolicyResult result = policy.evaluate(inventory, matched.findings());
        Report report = Report.scan(inventory, matched.findings(), result);
        write(report, reports);

        String summary = summary(reference, inventory, result);
        if (result.passed()) {
            getLog().info(summary);
            return;
        }
        throw new MojoFailureException(failureMessage(summary, inventory, result, reports));
    }

    /** The policy from the threshold, ignore and VEX parameters. */
    Policy policy() throws MojoExecutionException {
        Policy.Builder b = Policy.builder().failOnKnownExploited(failOnKev);
        try {
            b.failOn(threshold(failOn));
            if (failOnOs != null && !failOnOs.isBlank()) {
                b.failOnOs(threshold(failOnOs));
            }
            if (failOnApp != null && !failOnApp.isBlank()) {
                b.failOnApp(threshold(failOnApp));
            }
            b.unknownCountsAs(Policy.parseUnknownCountsAs(unknownSeverity == null ? "medium" : unknownSeverity)
                    .orElse(null));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Tarsier: bad threshold: " + e.getMessage(), e);
        }
        try {
            for (File f : nonNull(ignoreFiles)) {
                b.ignoreFile(IgnoreFile.read(resolve(f.toPath())));
            }
            for (File f : nonNull(vexFiles)) {
                b.vex(VexDocument.read(resolve(f.toPath())));
            }
        } catch (PolicyInputException e) {
            throw new MojoExecutionException("Tarsier: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static Severity threshold(String value) {
        return value == null || value.isBlank() ? null : Policy.parseThreshold(value);
    }

    /** The reports to write: {@link #outputs}, else the user property, else JSON and SARIF in {@code target/tarsier}. */
    Map<ReportFormat, Path> reports() throws MojoExecutionException {
        return reports(userProperty(OUTPUTS_PROPERTY));
    }

    /** {@link #reports()} with the value of the {@code tarsier.outputs} user property, null when unset. */
    Map<ReportFormat, Path> reports(String property) throws MojoExecutionException {
        Map<String, String> specs = outputs;
        if (property != null) {
            specs = new LinkedHashMap<>();
            for (String raw : property.split(",")) {
                String spec = raw.strip();
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new MojoExecutionException("Tarsier: " + OUTPUTS_PROPERTY
                            + " expects FORMAT=FILE[,FORMAT=FILE...], not '" + spec + "'");
                }
                specs.put(spec.substring(0, eq).strip(), spec.substring(eq + 1).strip());
            }
        }
        Map<ReportFormat, Path> reports = new LinkedHashMap<>();
        if (specs == null || specs.isEmpty()) {
            Path dir = buildDirectory.toPath().resolve("tarsier");
            reports.put(ReportFormat.JSON, dir.resolve("tarsier.json"));
            reports.put(ReportFormat.SARIF, dir.resolve("tarsier.sarif"));
            return reports;
        }
        for (Map.Entry<String, String> e : specs.entrySet()) {
            try {
                reports.put(ReportFormat.parse(e.getKey()), resolve(Path.of(e.getValue())));
            } catch (IllegalArgumentException ex) {
                throw new MojoExecutionException("Tarsier: outputs: " + ex.getMessage(), ex);
            }
        }
        return reports;
    }

    private String userProperty(String name) {
        if (session == null) {
            return null;
        }
        Properties user = session.getUserProperties();
        return user == null ? null : user.getProperty(name);
    }

    /**
     * The image reference, with a relative path resolved against the module's base directory.
     * A missing local image is a configuration error that says how to make one.
     */
    ImageReference reference() throws MojoExecutionException {
        if (image == null || image.isBlank()) {
            throw new MojoExecutionException("Tarsier: no image configured (<image> or -Dtarsier.image)");
        }
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Tarsier: bad image reference: " + e.getMessage(), e);
        }
        if (parsed.transport() == ImageReference.Transport.REGISTRY) {
            return parsed;
        }
        Path path = resolve(parsed.path());
        if (!Files.exists(path)) {
            throw new MojoExecutionException("Tarsier: no image at " + path + "; build it before the scan "
                    + "(e.g. jib:buildTar in the package phase) or set <image> (-Dtarsier.image)");
        }
        return new ImageReference(parsed.transport(), path.toString(), parsed.tag(), parsed.text());
    }

    /** The database path; a missing one says how to get one. */
    Path database() throws MojoExecutionException {
        Path path = db != null ? resolve(db.toPath()) : VulnerabilityDatabase.defaultPath(System.getenv());
        if (!Files.isRegularFile(path)) {
            throw new MojoExecutionException("Tarsier: no vulnerability database at " + path
                    + "; run 'tarsier db update' or set <db> (-Dtarsier.db=PATH)");
        }
        return path;
    }

    private Inventory inventory(ImageReference reference) throws MojoExecutionException {
        ImageScanner.Builder builder = ImageScanner.builder();
        try {
            if (platform != null && !platform.isBlank()) {
                builder.platform(platform);
            }
            if (insecureRegistries != null && !insecureRegistries.isEmpty()) {
                builder.insecureRegistries(insecureRegistries);
            }
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Tarsier: " + e.getMessage(), e);
        }
        if (reference.transport() == ImageReference.Transport.REGISTRY) {
            ProxyEnvironment.selector(System.getenv()).ifPresent(builder::registryProxy);
        }
        try (ImageScanner scanner = builder.build()) {
            return scanner.inventory(reference);
        } catch (ImageAccessException e) {
            throw new MojoExecutionException("Tarsier cannot read image " + reference + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Tarsier scan interrupted", e);
        }
    }

    private static void write(Report report, Map<ReportFormat, Path> reports) throws MojoExecutionException {
        for (Map.Entry<ReportFormat, Path> e : reports.entrySet()) {
            Path path = e.getValue();
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream out = Files.newOutputStream(path)) {
                    ReportWriter.write(report, e.getKey(), out, false);
                }
            } catch (IOException ex) {
                throw new MojoExecutionException("Tarsier cannot write the " + e.getKey().id() + " report to " + path
                        + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** One line: what was scanned, how many packages and findings, and the verdict. */
    static String summary(ImageReference reference, Inventory inventory, PolicyResult result) {
        return "Tarsier: " + reference.location() + ": " + inventory.packages().size() + " packages, "
                + result.active().size() + " active findings (os " + counts(result, PackageKind.OS) + "; app "
                + counts(result, PackageKind.APPLICATION) + "), " + result.suppressed().size() + " suppressed; policy "
                + result.describe() + " (" + result.policy().describeThresholds() + ")";
    }

    private static String counts(PolicyResult result, PackageKind kind) {
        StringBuilder sb = new StringBuilder();
        Map<Severity, Integer> counts = result.activeCounts(kind);
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.UNKNOWN)) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /**
     * The build-failure message: the summary, then one line per package to upgrade (the violating
     * findings only), then where the reports are and how to suppress a finding that does not apply.
     */
    static String failureMessage(String summary, Inventory inventory, PolicyResult result,
                                 Map<ReportFormat, Path> reports) {
        List<Finding> violations = result.violations();
        Remediation remediation = Remediation.of(inventory, violations);
        StringBuilder sb = new StringBuilder(summary).append(System.lineSeparator()).append("Upgrade:");
        for (Remediation.PackageAdvice advice : remediation.packages()) {
            sb.append(System.lineSeparator()).append("  ").append(UpgradeAdvice.line(advice));
        }
        sb.append(System.lineSeparator()).append("Reports: ");
        sb.append(String.join(", ", reports.values().stream().map(Path::toString).toList()));
        sb.append(System.lineSeparator()).append("A finding that does not apply can be suppressed with an ignore file "
                + "(<ignoreFiles>) or an OpenVEX document (<vexFiles>).");
        return sb.toString();
    }

    private Path resolve(Path path) {
        return path.isAbsolute() || basedir == null ? path : basedir.toPath().resolve(path).normalize();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
