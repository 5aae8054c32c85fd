package dev.tarsier.analyzers.python;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds installed Python distributions from their core metadata files in {@code site-packages}
 * and {@code dist-packages} directories (system Pythons, virtual environments, Debian's
 * {@code dist-packages}).
 *
 * <p>Files (PyPA "Recording installed projects" and the setuptools egg formats), each directly
 * inside a {@code site-packages} or {@code dist-packages} directory at any depth:
 * <ul>
 *   <li>{@code NAME-VERSION.dist-info/METADATA}: installed by pip and every modern installer;</li>
 *   <li>{@code NAME.egg-info/PKG-INFO}: {@code setup.py install} and {@code develop};</li>
 *   <li>{@code NAME-VERSION-pyX.Y.egg-info}: a single PKG-INFO-format file, as distutils and
 *       Debian's {@code python3-*} packages install it;</li>
 *   <li>{@code NAME-VERSION-pyX.Y.egg/EGG-INFO/PKG-INFO}: an unzipped egg.</li>
 * </ul>
 *
 * <p>Each distribution becomes a package of type {@value #TYPE}, kind
 * {@link PackageKind#APPLICATION}, ecosystem {@value #ECOSYSTEM}, named by its {@code Name}
 * field normalized per PEP 503 (lower case, runs of {@code -}, {@code _} and {@code .} replaced by
 * one {@code -}, so {@code Foo_Bar} and {@code foo.bar} are both {@code foo-bar}: the name PyPI,
 * pip and OSV look projects up by), with the {@code Version} field as written and the PURL
 * {@code pkg:pypi/<normalized name>@<version>}. The field's own spelling is kept in the property
 * {@value #PROPERTY_DECLARED_NAME} when it differs from the normalized name. Licenses come from
 * {@code License-Expression} (metadata 2.4); failing that from a one-line {@code License} field
 * that is not {@code UNKNOWN}; failing that from {@code License ::} classifiers (their last part).
 *
 * <p>Diagnostics: a missing {@code Name} or one the specification does not allow skips the file
 * with a warning; a missing {@code Version} reports the package without a version, with a
 * warning, as the other analyzers do; malformed header lines and headers over
 * {@value #MAX_HEADER_BYTES} bytes are warned about and what was read before them is used.
 *
 * <p>Caps: files up to {@value #MAX_FILE_SIZE} bytes are offered; only the header section is read,
 * at most {@value #MAX_HEADER_BYTES} bytes of it, so memory stays bounded whatever the file holds.
 * Stateless and thread-safe.
 *
 * @see <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">Core metadata</a>
 * @see <a href="https://packaging.python.org/en/latest/specifications/recording-installed-packages/">Recording
 *     installed projects</a>
 * @see <a href="https://peps.python.org/pep-0503/#normalized-names">PEP 503, normalized names</a>
 * @since 0.1
 */
public final class PythonPackageAnalyzer implements Analyzer {

    /** This analyzer's id. */
    public static final String ID = "app.python";

    /** Package type, as in PURL. */
    public static final String TYPE = "pypi";

    /** Vulnerability-database ecosystem (OSV's name for the Python Package Index). */
    public static final String ECOSYSTEM = "PyPI";

    /** Property: the {@code Name} field as written, when it differs from the normalized name. */
    public static final String PROPERTY_DECLARED_NAME = "declaredName";

    /** Largest metadata file offered: 16 MiB (long descriptions are skipped, not read). */
    public static final long MAX_FILE_SIZE = 16L << 20;

    /** Most bytes of header fields read from one file: 1 MiB. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    /** Licenses longer than this in the {@code License} field are license texts, not names. */
    static final int MAX_LICENSE_NAME = 128;

    /** Core metadata "Name": ASCII letters and digits, with {@code . _ -} inside only. */
    private static final Pattern VALID_NAME =
            Pattern.compile("[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]", Pattern.CASE_INSENSITIVE);

    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");

    private static final FileSelector SELECTOR = FileSelector.builder()
            .globs("**/site-packages/*.dist-info/METADATA",
                    "**/dist-packages/*.dist-info/METADATA",
                    "**/site-packages/*.egg-info/PKG-INFO",
                    "**/dist-packages/*.egg-info/PKG-INFO",
                    "**/site-packages/*.egg-info",
                    "**/dist-packages/*.egg-info",
                    "**/site-packages/*.egg/EGG-INFO/PKG-INFO",
                    "**/dist-packages/*.egg/EGG-INFO/PKG-INFO")
            .maxFileSize(MAX_FILE_SIZE)
            .build();

    /** Creates the analyzer; stateless, as the service loader needs it. */
    public PythonPackageAnalyzer() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public FileSelector selector() {
        return SELECTOR;
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        CoreMetadata metadata = CoreMetadata.read(input.stream(), MAX_HEADER_BYTES);
        for (String problem : metadata.problems()) {
            sink.warn(problem);
        }
        Optional<String> declared = metadata.first("Name");
        if (declared.isEmpty()) {
            sink.warn("no Name field; skipped");
            return;
        }
        String declaredName = declared.get();
        if (!VALID_NAME.matcher(declaredName).matches()) {
            sink.warn("Name '" + declaredName + "' is not a valid distribution name; skipped");
            return;
        }
        String name = normalizeName(declaredName);
        String version = metadata.first("Version").orElse("");
        if (version.isEmpty()) {
            sink.warn("distribution " + name + " has no Version field; reported without a version");
        }
        PackageURL purl;
        try {
            purl = new PackageURL(TYPE, null, name, version.isEmpty() ? null : version, null, null);
        } catch (MalformedPackageURLException e) {
            sink.diagnostic(Diagnostic.Severity.WARNING, null,
                    "distribution " + name + ": no package URL for version '" + version + "'; skipped");
            return;
        }
        Package.Builder pkg = Package.builder(TYPE, name, version)
                .purl(purl)
                .kind(PackageKind.APPLICATION)
                .ecosystem(ECOSYSTEM)
                .location(input.location())
                .property(PROPERTY_DECLARED_NAME, declaredName.equals(name) ? null : declaredName);
        licenses(metadata).forEach(pkg::license);
        sink.addPackage(pkg.build());
    }

    /**
     * The PEP 503 normalized form of a distribution name: lower case, each run of {@code -},
     * {@code _} and {@code .} replaced by a single {@code -}.
     */
    public static String normalizeName(String name) {
        return SEPARATOR_RUNS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static List<String> licenses(CoreMetadata metadata) {
        Optional<String> expression = metadata.first("License-Expression");
        if (expression.isPresent()) {
            return List.of(expression.get());
        }
        Optional<String> license = metadata.first("License");
        if (license.isPresent()) {
            String value = license.get();
            // setuptools writes UNKNOWN for "not given"; a multi-line value is the license text.
            if (!value.equalsIgnoreCase("UNKNOWN") && value.indexOf('\n') < 0
                    && value.length() <= MAX_LICENSE_NAME) {
                return List.of(value);
            }
        }
        return metadata.all("Classifier").stream()
                .map(String::strip)
                .filter(c -> c.startsWith("License ::"))
                .map(c -> c.substring(c.lastIndexOf("::") + 2).strip())
                .filter(c -> !c.isEmpty())
                .toList();
    }
}
