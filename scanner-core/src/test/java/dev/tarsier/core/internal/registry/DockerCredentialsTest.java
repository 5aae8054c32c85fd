package dev.tarsier.core.internal.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerCredentialsTest {

    @TempDir
    Path tmp;

    private DockerCredentials load(String json) throws Exception {
        Files.writeString(tmp.resolve("config.json"), json);
        return DockerCredentials.load(RegistrySettings.DEFAULT.withDockerConfigDir(tmp).withHelperPath(List.of(tmp.resolve("none"))));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lookup_dockerHub_usesTheKeyTheDockerClientWrites() throws Exception {
        DockerCredentials c = load("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + b64("hubuser:hubpass") + "\"}}}");
        assertEquals(Optional.of(new Credentials("hubuser", "hubpass")), c.lookup("docker.io"));
        assertEquals(Optional.empty(), c.lookup("ghcr.io"));
    }

    @Test
    void lookup_hostWithSchemeOrUsernamePasswordFields_isFound_andColonsInThePasswordSurvive() throws Exception {
        DockerCredentials c = load("{\"auths\": {\"https://reg.example:5000\": {\"auth\": \"" + b64("u:p:with:colons") + "\"},"
                + " \"other.example\": {\"username\": \"bob\", \"password\": \"pw\"}}}");
        assertEquals(Optional.of(new Credentials("u", "p:with:colons")), c.lookup("reg.example:5000"));
        assertEquals(Optional.of(new Credentials("bob", "pw")), c.lookup("other.example"));
    }

    @Test
    void lookup_identityToken_winsOverTheAuthEntryAndIsMarkedAsSuch() throws Exception {
        DockerCredentials c = load("{\"auths\": {\"reg.example\": {\"auth\": \"" + b64("alice:") + "\","
                + " \"identitytoken\": \"rt-1\"}}}");
        Credentials found = c.lookup("reg.example").orElseThrow();
        assertTrue(found.isIdentityToken());
        assertEquals("rt-1", found.secret());
        assertFalse(found.toString().contains("rt-1"), found.toString());
    }

    @Test
    void load_missingOrCorruptConfig_meansAnonymous() throws Exception {
        assertEquals(Optional.empty(), DockerCredentials.load(RegistrySettings.DEFAULT.withDockerConfigDir(tmp.resolve("absent")))
                .lookup("docker.io"));
        assertEquals(Optional.empty(), load("{not json").lookup("docker.io"));
        assertEquals(Optional.empty(), load("{\"auths\": {\"x.example\": {\"auth\": \"%%%\"}}}").lookup("x.example"));
    }

    @Test
    void credentials_toString_neverShowsTheSecret() {
        String text = new Credentials("alice", "hunter2").toString();
        assertFalse(text.contains("hunter2"), text);
    }
}
