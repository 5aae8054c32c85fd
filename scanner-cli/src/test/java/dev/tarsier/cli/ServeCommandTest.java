package dev.tarsier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tarsier serve} in its own JVM: it listens, answers Harbor's metadata call, and stops
 * gracefully on SIGTERM; bad options are usage errors. The API itself is tested end to end in
 * scanner-harbor.
 */
class ServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void serve_answersMetadataAndStopsOnSigterm() throws Exception {
        Path db = tmp.resolve("demo.db");
        CliRun build = CliRun.of("db", "build", "--out", db.toString(), "../demo/advisories");
        assertEquals(0, build.exitCode(), build.err());
        Path key = Files.writeString(tmp.resolve("api.key"), "k3y-from-harbor\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--listen", "127.0.0.1:0", "--db", db.toString(), "--no-cache", "--api-key-file", key.toString()));
        Path log = tmp.resolve("serve.err");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()).start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            String url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (url == null && System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = listening.matcher(Files.readString(log));
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(100);
                }
            }
            assertTrue(url != null, "no 'listening on' line: " + Files.readString(log));
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/metadata"))
                    .header("Accept", "application/vnd.scanner.adapter.metadata+json; version=1.0")
                    .header("Authorization", "Bearer k3y-from-harbor").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metadata.statusCode());
            assertEquals("application/vnd.scanner.adapter.metadata+json; version=1.0",
                    metadata.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(metadata.body().contains("\"name\":\"Tarsier\""), metadata.body());
            assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/metadata")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "the key is required");

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            String all = Files.readString(log);
            assertTrue(all.contains("tarsier: stopped"), all);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serve_badListenAddressOrMissingDatabase_isAUsageError() {
        CliRun badAddress = CliRun.of("serve", "--listen", "nowhere", "--db", "../demo/advisories/CVE-2021-44228.json");
        assertEquals(2, badAddress.exitCode(), badAddress.err());
        CliRun noDb = CliRun.of("serve", "--listen", "127.0.0.1:0", "--db", tmp.resolve("absent.db").toString());
        assertEquals(2, noDb.exitCode(), noDb.err());
        assertTrue(noDb.err().contains("no vulnerability database"), noDb.err());
        CliRun notADb = CliRun.of("serve", "--listen", "127.0.0.1:0", "--db", "../demo/advisories/CVE-2021-44228.json");
        assertEquals(2, notADb.exitCode(), notADb.err());
        assertTrue(notADb.err().contains("cannot use vulnerability database"), notADb.err());
    }

    @Test
    void address_parsesHostPortIpv6AndAnyInterface() {
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), ServeCommand.address("127.0.0.1:8080"));
        assertEquals(new InetSocketAddress(9090), ServeCommand.address(":9090"));
        assertEquals(new InetSocketAddress("::1", 80), ServeCommand.address("[::1]:80"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.address("host"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.address("host:http"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.address("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.address("no-such-host.invalid:8080"));
    }
}
