package dev.tarsier.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real registry ({@code docker-registry}, distribution v2) run by a test on 127.0.0.1 on a
 * free port, with its storage in a temp directory; optionally TLS and htpasswd Basic auth. Images
 * are pushed with the real {@code skopeo}: write one with {@link ImageBuilder#writeOciLayout} and
 * {@link #push} it, then scan {@code registry:<hostPort>/<repository>}. The configuration is
 * Debian's default one (in-memory blob descriptor cache, no access log) on a private port.
 */
public final class LocalRegistry implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final Optional<String> pushCreds;

    private LocalRegistry(Process process, int port, Path log, Optional<String> pushCreds) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.pushCreds = pushCreds;
    }

    /**
     * Skips the calling test (JUnit assumption) with a message naming the package to install when
     * {@code docker-registry} or {@code skopeo} is missing.
     */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(binary().isPresent(),
                "docker-registry is not installed (apt-get install docker-registry); registry tests skipped");
        Assumptions.assumeTrue(onPath("skopeo").isPresent(),
                "skopeo is not installed (apt-get install skopeo); registry tests skipped");
    }

    /** The registry binary, when installed. */
    public static Optional<Path> binary() {
        return onPath("docker-registry");
    }

    /** An executable on PATH (or in /usr/bin, /usr/sbin). */
    public static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/sbin");
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** TLS material for the server. */
    public record Tls(Path certificate, Path key) {
    }

    /**
     * Starts a registry.
     *
     * @param work a temp directory for config, storage and log
     * @param tls serve HTTPS with this certificate
     * @param htpasswd require Basic auth against this file; {@code pushCreds} ({@code user:pass}) is used by skopeo
     */
    public static LocalRegistry start(Path work, Optional<Tls> tls, Optional<Path> htpasswd, Optional<String> pushCreds)
            throws IOException, InterruptedException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("docker-registry is not installed"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path storage = Files.createDirectories(work.resolve("storage"));
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  cache:\n    blobdescriptor: inmemory\n")
                .append("  filesystem:\n    rootdirectory: ").append(storage).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        tls.ifPresent(t -> yaml.append("  tls:\n    certificate: ").append(t.certificate())
                .append("\n    key: ").append(t.key()).append('\n'));
        htpasswd.ifPresent(h -> yaml.append("auth:\n  htpasswd:\n    realm: tarsier-test\n    path: ").append(h).append('\n'));
        Path config = work.resolve("config.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        Path log = work.resolve("registry.log");
        Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, log, pushCreds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return registry;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    registry.close();
                    throw new IllegalStateException("docker-registry did not listen on " + port + ": " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * Pushes {@code oci:<layout>:<tag>} to {@code <repository>} here with skopeo, with extra
     * skopeo copy options ({@code --format v2s2}, {@code --all}).
     */
    public void push(Path layout, String tag, String repository, String... options) throws IOException, InterruptedException {
        copy("oci:" + layout + ":" + tag, repository, options);
    }

    /**
     * Copies any image skopeo can read ({@code docker-archive:FILE}, {@code oci-archive:FILE},
     * {@code oci:DIR:TAG}) to {@code <repository>} here, with extra skopeo copy options.
     */
    public void copy(String source, String repository, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(onPath("skopeo").orElseThrow().toString(), "--insecure-policy", "copy",
                "--quiet", "--dest-tls-verify=false"));
        pushCreds.ifPresent(c -> {
            cmd.add("--dest-creds");
            cmd.add(c);
        });
        cmd.addAll(List.of(options));
        cmd.add(source);
        cmd.add("docker://" + hostPort() + "/" + repository);
        run(cmd);
    }

    /** Runs a command, failing with its output when it fails. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }

    /** The registry's process id (to read its CPU time, say). */
    public long pid() {
        return process.pid();
    }

    /** The registry's log so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
