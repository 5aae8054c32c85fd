package dev.tarsier.testkit;

import dev.tarsier.api.Inventory;
import dev.tarsier.api.spi.Analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Runs the full pipeline (image source, layer walk, every analyzer, whiteouts, introducing
 * layers, diagnostics) on an image built with {@link ImageBuilder}, and returns the
 * {@link AnalysisResult} with its {@link Inventory}.
 *
 * <p>The scanner lives in {@code scanner-core}, which itself uses this test kit for its tests; a
 * compile dependency from here to there would be a cycle. So the runner reaches the scanner at run
 * time through its public entry point ({@value #SCANNER_CLASS}: {@code builder()},
 * {@code Builder.analyzers(List)}, {@code Builder.classLoader(ClassLoader)}, {@code Builder.build()}, {@code inventory(String)},
 * {@code close()}), which must be on the test class path: add {@code dev.tarsier:scanner-core} with
 * {@code <scope>test</scope>} next to the test kit. Without it, every run fails with an
 * {@link AssertionError} that says so.
 *
 * <pre>{@code
 * AnalysisResult result = PipelineRunner.discovering().run(new ImageBuilder()
 *         .layer(new LayerBuilder().file("etc/os-release", "ID=debian\nVERSION_ID=12\n"))
 *         .layer(new LayerBuilder().file(SITE + "six-1.16.0.dist-info/METADATA", metadata)));
 * result.assertPackage("six").introducedIn(1).hasPurl("pkg:pypi/six@1.16.0");
 * }</pre>
 *
 * <p>The image is written as an OCI archive to a temporary file, scanned, and deleted. Immutable
 * and thread-safe.
 */
public final class PipelineRunner {

    /** The scanner class looked up at run time. */
    public static final String SCANNER_CLASS = "dev.tarsier.core.ImageScanner";

    /** Null: discover analyzers with ServiceLoader, as the CLI does. */
    private final List<Analyzer> analyzers;
    /** Null: the scanner's default loader for discovery. */
    private final ClassLoader discoveryLoader;

    private PipelineRunner(List<Analyzer> analyzers, ClassLoader discoveryLoader) {
        this.analyzers = analyzers;
        this.discoveryLoader = discoveryLoader;
    }

    /**
     * A runner whose scanner discovers its analyzers with {@link java.util.ServiceLoader}: every
     * analyzer registered on the test class path, as the CLI would see them. This proves the
     * registration as well as the analysis.
     */
    public static PipelineRunner discovering() {
        return new PipelineRunner(null, null);
    }

    /**
     * A runner whose scanner discovers its analyzers through the given class loader (the
     * scanner's {@code Builder.classLoader}), for example one over a directory of plugin jars.
     */
    public static PipelineRunner discovering(ClassLoader loader) {
        return new PipelineRunner(null, Objects.requireNonNull(loader, "loader"));
    }

    /** A runner whose scanner uses exactly these analyzers. */
    public static PipelineRunner withAnalyzers(Analyzer... analyzers) {
        return new PipelineRunner(List.of(analyzers), null);
    }

    /**
     * Writes the image as an OCI archive, scans it and returns the result.
     *
     * @throws AssertionError if the scanner is not on the class path
     * @throws IllegalStateException if the scanner cannot open the image
     * @throws UncheckedIOException if the temporary file cannot be written
     */
    public AnalysisResult run(ImageBuilder image) {
        Objects.requireNonNull(image, "image");
        Path file;
        try {
            file = Files.createTempFile("tarsier-testkit-", ".oci.tar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            image.writeOciArchive(file);
            return run("oci-archive:" + file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /**
     * Scans an image given by reference ({@code docker-archive:PATH}, {@code oci:DIR[:TAG]},
     * {@code dir:ROOTFS}, ...) and returns the result.
     *
     * @throws AssertionError if the scanner is not on the class path
     * @throws IllegalStateException if the scanner cannot open the image
     */
    public AnalysisResult run(String reference) {
        Objects.requireNonNull(reference, "reference");
        return AnalysisResult.of(inventory(reference));
    }

    private Inventory inventory(String reference) {
        Class<?> scannerClass = scannerClass();
        try {
            Object builder = scannerClass.getMethod("builder").invoke(null);
            if (analyzers != null) {
                builder.getClass().getMethod("analyzers", List.class).invoke(builder, analyzers);
            }
            if (discoveryLoader != null) {
                builder.getClass().getMethod("classLoader", ClassLoader.class).invoke(builder, discoveryLoader);
            }
            Object scanner = builder.getClass().getMethod("build").invoke(builder);
            try (AutoCloseable closeable = (AutoCloseable) scanner) {
                Method inventory = scannerClass.getMethod("inventory", String.class);
                return (Inventory) inventory.invoke(scanner, reference);
            }
        } catch (InvocationTargetException e) {
            throw unwrap(reference, e.getCause());
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new AssertionError(SCANNER_CLASS + " does not have the entry points this test kit uses: " + e, e);
        } catch (Exception e) {
            throw unwrap(reference, e);
        }
    }

    /** The exception to throw for a failure inside the scanner; errors are rethrown as they are. */
    private static RuntimeException unwrap(String reference, Throwable cause) {
        if (cause instanceof Error e) {
            throw e;
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while scanning " + reference, cause);
        }
        // The scanner's checked ImageAccessException: the test image could not be opened at all.
        return new IllegalStateException("the scanner could not open " + reference + ": " + cause, cause);
    }

    private static Class<?> scannerClass() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, PipelineRunner.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(SCANNER_CLASS, true, loader);
            } catch (ClassNotFoundException e) {
                // try the next loader
            }
        }
        throw new AssertionError("PipelineRunner needs the scanner on the test class path: add the"
                + " dependency dev.tarsier:scanner-core with <scope>test</scope>");
    }
}
