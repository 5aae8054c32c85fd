package dev.tarsier.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tarsier.core.internal.source.Json;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Credentials from Docker's client configuration ({@code config.json}, as documented for
 * {@code docker login}): a per-registry credential helper ({@code credHelpers}), else the default
 * credential store ({@code credsStore}), else the inline {@code auths.<host>} entry: an
 * {@code identitytoken}, else {@code auth} (base64 of {@code user:password}), else
 * {@code username}/{@code password}. A helper answering the user {@code <token>} hands out an
 * identity token too.
 *
 * <p>Helpers speak the docker-credential-helpers protocol: {@code docker-credential-<name> get}
 * reads the server name on stdin and prints {@code {"Username": ..., "Secret": ...}}. A helper that
 * fails or is missing means "no credentials" (anonymous access is then tried); its output and the
 * secrets are never logged or put in a message.
 */
public final class DockerCredentials {

    /** Largest config.json or helper answer read. */
    private static final int MAX_DOCUMENT = 1 << 20;
    private static final long HELPER_TIMEOUT_SECONDS = 30;

    private final JsonNode config;
    private final List<Path> helperPath;

    private DockerCredentials(JsonNode config, List<Path> helperPath) {
        this.config = config;
        this.helperPath = helperPath;
    }

    /**
     * Loads the configuration: {@code settings.dockerConfigDir()}, else {@code $DOCKER_CONFIG}, else
     * {@code ~/.docker}. A missing or unreadable file gives no credentials.
     */
    public static DockerCredentials load(RegistrySettings settings) {
        Path dir = settings.dockerConfigDir().orElseGet(() -> {
            String env = System.getenv("DOCKER_CONFIG");
            return env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".docker");
        });
        JsonNode config = Json.MAPPER.createObjectNode();
        Path file = dir.resolve("config.json");
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_DOCUMENT) {
                config = Json.MAPPER.readTree(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            // an unreadable config means anonymous access, as for the docker client without login
            config = Json.MAPPER.createObjectNode();
        }
        List<Path> path = settings.helperPath();
        if (path.isEmpty()) {
            path = new ArrayList<>();
            String env = System.getenv("PATH");
            if (env != null) {
                for (String p : env.split(File.pathSeparator)) {
                    if (!p.isEmpty()) {
                        path.add(Path.of(p));
                    }
                }
            }
        }
        return new DockerCredentials(config, List.copyOf(path));
    }

    /**
     * The credentials for a registry as named in references: the fixed authorization the settings
     * give for it, else Docker's configuration.
     */
    public static Optional<Credentials> forRegistry(RegistrySettings settings, String registry) {
        Optional<Credentials> fixed = settings.authorization(registry);
        return fixed.isPresent() ? fixed : load(settings).lookup(registry);
    }

    /**
     * Credentials for a registry as named in references ({@code docker.io}, {@code host:5000}).
     * Docker Hub's entries are keyed {@code https://index.docker.io/v1/} by the docker client.
     */
    public Optional<Credentials> lookup(String registry) {
        List<String> keys = registry.equals(RegistryReference.DOCKER_HUB)
                ? List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io")
                : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/");
        for (String key : keys) {
            String helper = config.path("credHelpers").path(key).asText("");
            if (!helper.isEmpty()) {
                return fromHelper(helper, key);
            }
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            for (String key : keys) {
                Optional<Credentials> found = fromHelper(store, key);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        for (String key : keys) {
            JsonNode entry = config.path("auths").path(key);
            Optional<Credentials> inline = inline(entry);
            if (inline.isPresent()) {
                return inline;
            }
        }
        return Optional.empty();
    }

    private static Optional<Credentials> inline(JsonNode entry) {
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken));
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            return colon > 0 ? Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)))
                    : Optional.empty();
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, password));
    }

    private Optional<Credentials> fromHelper(String name, String serverUrl) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        Optional<Path> exe = helperPath.stream().map(d -> d.resolve("docker-credential-" + name))
                .filter(Files::isExecutable).findFirst();
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        Process process = null;
        try {
            process = new ProcessBuilder(exe.get().toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            byte[] answer;
            try (InputStream stdout = process.getInputStream()) {
                answer = stdout.readNBytes(MAX_DOCUMENT);
            }
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            JsonNode json = Json.MAPPER.readTree(answer);
            String user = json.path("Username").asText("");
            String secret = json.path("Secret").asText("");
            if (user.isEmpty() || secret.isEmpty()) {
                return Optional.empty();
            }
            // the user "<token>" marks an identity token: Credentials keeps it as such
            return Optional.of(new Credentials(user, secret));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
