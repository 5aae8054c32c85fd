package dev.tarsier.bench.app;

import dev.tarsier.analyzers.app.jar.JarAnalyzer;
import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.api.spi.ResultSink;
import dev.tarsier.testkit.MemoryInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Throughput of the {@code app.jar} analyzer on a Spring Boot style fat jar (classes, and
 * {@code nestedJars} libraries stored uncompressed under {@code BOOT-INF/lib/}, each with its own
 * classes, manifest and {@code pom.properties}) against plain {@link ZipInputStream} draining of
 * the same bytes: the outer archive only, and the outer archive with every nested jar drained as
 * a nested stream (the same inflation work the analyzer does, without identity or SHA-1).
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar JarAnalysisBenchmark -f 1 -wi 2 -i 3}. The fat jar's size is
 * printed at setup; MB/s = ops/s × size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JarAnalysisBenchmark {

    /** Number of libraries in {@code BOOT-INF/lib/}. */
    @Param({"50"})
    public int nestedJars;

    private byte[] fatJar;
    private final JarAnalyzer analyzer = new JarAnalyzer();
    private final byte[] buffer = new byte[64 * 1024];

    @Setup
    public void setUp() throws IOException {
        Random random = new Random(20221028);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            deflated(zip, "META-INF/MANIFEST.MF", manifest("demo", "1.0.0"));
            for (int c = 0; c < 150; c++) {
                deflated(zip, "BOOT-INF/classes/com/example/demo/C" + c + ".class", classLike(random, 1500 + random.nextInt(4000)));
            }
            for (int j = 0; j < nestedJars; j++) {
                stored(zip, "BOOT-INF/lib/lib" + j + "-1." + j + ".0.jar", library(random, j));
            }
            deflated(zip, "META-INF/maven/com.example/demo/pom.properties",
                    "groupId=com.example\nartifactId=demo\nversion=1.0.0\n".getBytes(StandardCharsets.UTF_8));
        }
        fatJar = out.toByteArray();
        System.err.printf("fat jar: %d bytes (%.2f MB), %d nested jars%n", fatJar.length, fatJar.length / 1e6, nestedJars);
    }

    private static byte[] library(Random random, int index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            deflated(zip, "META-INF/MANIFEST.MF", manifest("lib" + index, "1." + index + ".0"));
            int classes = 60 + random.nextInt(80);
            for (int c = 0; c < classes; c++) {
                deflated(zip, "org/lib" + index + "/impl/Type" + c + ".class", classLike(random, 800 + random.nextInt(6000)));
            }
            deflated(zip, "META-INF/maven/org.lib" + index + "/lib" + index + "/pom.properties",
                    ("groupId=org.lib" + index + "\nartifactId=lib" + index + "\nversion=1." + index + ".0\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] manifest(String title, String version) {
        return ("Manifest-Version: 1.0\r\nImplementation-Title: " + title + "\r\nImplementation-Version: "
                + version + "\r\nCreated-By: Maven JAR Plugin 3.3.0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that compress about as well as class files do (roughly 2-3x): tokens from a small vocabulary plus noise. */
    private static byte[] classLike(Random random, int size) {
        String[] vocabulary = {"java/lang/Object", "java/lang/String", "<init>", "()V", "(Ljava/lang/String;)V",
                "Code", "LineNumberTable", "LocalVariableTable", "this", "StackMapTable", "SourceFile",
                "org/slf4j/Logger", "getLogger", "java/util/List", "add", "(Ljava/lang/Object;)Z"};
        byte[] b = new byte[size];
        int i = 0;
        b[i++] = (byte) 0xCA;
        b[i++] = (byte) 0xFE;
        b[i++] = (byte) 0xBA;
        b[i++] = (byte) 0xBE;
        while (i < size) {
            if (random.nextInt(3) == 0) {
                b[i++] = (byte) random.nextInt(256);
            } else {
                byte[] t = vocabulary[random.nextInt(vocabulary.length)].getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(t.length, size - i);
                System.arraycopy(t, 0, b, i, n);
                i += n;
            }
        }
        return b;
    }

    private static void deflated(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The analyzer on the whole fat jar: identities, nested jars, SHA-1 of every archive. */
    @Benchmark
    public void jarAnalyzer(Blackhole bh) throws IOException {
        analyzer.analyze(MemoryInput.sharing("opt/app/app.jar", fatJar), new BlackholeSink(bh));
    }

    /** Reference: ZipInputStream draining the outer archive only (nested jars are stored: copied, not inflated). */
    @Benchmark
    public long zipInputStreamDrainOuter() throws IOException {
        return drain(new ZipInputStream(new ByteArrayInputStream(fatJar)), false);
    }

    /** Reference: ZipInputStream draining the outer archive and every nested jar as a nested stream. */
    @Benchmark
    public long zipInputStreamDrainNested() throws IOException {
        return drain(new ZipInputStream(new ByteArrayInputStream(fatJar)), true);
    }

    private long drain(ZipInputStream zip, boolean nested) throws IOException {
        long total = 0;
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            if (nested && e.getName().endsWith(".jar")) {
                total += drain(new ZipInputStream(zip), false);
            } else {
                for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
                    total += n;
                }
            }
        }
        return total;
    }

    /** Sends every result to the blackhole. */
    private record BlackholeSink(Blackhole bh) implements ResultSink {
        @Override
        public void addPackage(Package pkg) {
            bh.consume(pkg);
        }

        @Override
        public void operatingSystem(OperatingSystem os, int confidence) {
            bh.consume(os);
        }

        @Override
        public void fileOwnership(FileOwnership ownership) {
            bh.consume(ownership);
        }

        @Override
        public void diagnostic(Diagnostic.Severity severity, String path, String message) {
            bh.consume(message);
        }
    }
}
