package dev.tarsier.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds real Go binaries with the installed toolchain ({@code go} on the PATH; Debian's
 * {@code golang-go}), offline: the dependencies are vendored with a hand-written
 * {@code vendor/modules.txt}, so any module versions can be recorded. Tests skip without Go (CI
 * installs Debian's {@code golang-go}).
 *
 * @since 0.4
 */
public final class GoBinaries {

    private static final Path WORK = Path.of("target", "go-fixtures").toAbsolutePath();
    /** The pseudo-version of {@code golang.org/x/net} that {@link #hello()} records (July 2022). */
    public static final String X_NET_VERSION = "v0.0.0-20220722155237-a158d28d115b";
    private static final java.util.Map<String, Optional<Path>> BUILT = new java.util.HashMap<>();

    private GoBinaries() {
    }

    /**
     * Builds (once per JVM, into {@code target/go-fixtures}) {@code example.com/hello} depending on {@code golang.org/x/net} at a 2022 pseudo-version and
     * on {@code example.org/lib v1.0.0} replaced by {@code v1.2.0}, built with {@code -trimpath}.
     */
    public static Optional<Path> hello() {
        return built("hello");
    }

    /**
     * The same program as a position-independent executable ({@code -buildmode=pie}, Go's internal
     * linker): its first writable segment is the relocation-read-only data, the build info is in
     * the second.
     */
    public static Optional<Path> helloPie() {
        return built("hello-pie", Map.of(), "-buildmode=pie");
    }

    /**
     * The same program cross-compiled for {@code GOARCH} (without cgo): {@code 386} and {@code arm}
     * give ELFCLASS32 files, {@code ppc64} and {@code s390x} big-endian ones.
     */
    public static Optional<Path> helloFor(String goarch) {
        return built("hello-" + goarch, Map.of("GOARCH", goarch, "CGO_ENABLED", "0"));
    }

    private static Optional<Path> built(String name) {
        return built(name, Map.of());
    }

    private static synchronized Optional<Path> built(String name, Map<String, String> env, String... flags) {
        return BUILT.computeIfAbsent(name, n -> build(n, env, flags));
    }

    /** The toolchain's version ({@code go1.19.8}), or empty without Go. */
    public static Optional<String> version() {
        try {
            Process p = new ProcessBuilder("go", "env", "GOVERSION").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> build(String name, Map<String, String> env, String... flags) {
        if (version().isEmpty()) {
            return Optional.empty();
        }
        try {
            Path src = WORK.resolve("hello");
            write(src, Map.of(
                    "go.mod", """
                            module example.com/hello

                            go 1.17

                            require (
                            \texample.org/lib v1.0.0
                            \tgolang.org/x/net v0.0.0-20220722155237-a158d28d115b
                            )

                            replace example.org/lib v1.0.0 => example.org/lib v1.2.0
                            """,
                    "vendor/modules.txt", """
                            # example.org/lib v1.0.0 => example.org/lib v1.2.0
                            ## explicit
                            example.org/lib
                            # golang.org/x/net v0.0.0-20220722155237-a158d28d115b
                            ## explicit; go 1.17
                            golang.org/x/net/html
                            """,
                    "vendor/example.org/lib/lib.go", "package lib\n\nfunc Name() string { return \"lib\" }\n",
                    "vendor/golang.org/x/net/html/html.go", "package html\n\nfunc Escape(s string) string { return s }\n",
                    "main.go", """
                            package main

                            import (
                            \t"fmt"

                            \t"example.org/lib"
                            \t"golang.org/x/net/html"
                            )

                            func main() { fmt.Println(html.Escape(lib.Name())) }
                            """));
            Path out = src.resolve(name);
            List<String> command = new ArrayList<>(List.of("go", "build", "-mod=vendor", "-trimpath", "-buildvcs=false"));
            command.addAll(List.of(flags));
            command.addAll(List.of("-o", out.toString(), "."));
            ProcessBuilder pb = new ProcessBuilder(command).directory(src.toFile()).redirectErrorStream(true);
            pb.environment().putAll(Map.of("GOCACHE", WORK.resolve("cache").toString(), "GOPROXY", "off",
                    "GOFLAGS", "-mod=vendor", "GOPATH", WORK.resolve("gopath").toString(), "GO111MODULE", "on"));
            pb.environment().putAll(env);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("go build failed: " + log);
            }
            return Optional.of(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }

    /** The first occurrence of {@code needle} at or after {@code from}; -1 when absent. */
    public static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
