package dev.tarsier.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The small demo image that ships in the repository ({@code demo/demo-image.tar}): a Debian 12
 * style base with a dpkg database, an application layer with a Spring Boot style fat jar and
 * {@code node_modules}, and a clean-up layer that purges a package and deletes a jar. Generated,
 * deterministic: {@code DemoImageTest} checks the committed file equals a fresh build.
 *
 * <p>Regenerate with {@code java -cp ... dev.tarsier.testkit.DemoImage demo/demo-image.tar}.
 */
public final class DemoImage {

    private static final long ZIP_TIME = 1704067200000L; // 2024-01-01T00:00:00Z

    private DemoImage() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "demo/demo-image.tar");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        build().writeDockerArchive(out);
        System.out.println("wrote " + out);
    }

    /** The demo image. */
    public static ImageBuilder build() {
        String osRelease = """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """;
        String status = stanza("libssl3", "3.0.11-1~deb12u2", "openssl", null)
                + stanza("openssl", "3.0.11-1~deb12u2", null, null)
                + stanza("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1")
                + stanza("curl", "7.88.1-10+deb12u4", null, null)
                + stanza("libcurl4", "7.88.1-10+deb12u4", "curl", null);
        String statusAfterPurge = stanza("libssl3", "3.0.11-1~deb12u2", "openssl", null)
                + stanza("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1")
                + stanza("curl", "7.88.1-10+deb12u4", null, null)
                + stanza("libcurl4", "7.88.1-10+deb12u4", "curl", null);
        return new ImageBuilder()
                .layer(new LayerBuilder()
                        .file("etc/os-release", osRelease)
                        .file("etc/debian_version", "12.4\n")
                        .file("var/lib/dpkg/status", status)
                        .file("var/lib/dpkg/info/openssl.list", "/.\n/usr\n/usr/bin\n/usr/bin/openssl\n")
                        .executable("usr/bin/openssl", "ELF openssl stand-in".getBytes(StandardCharsets.US_ASCII)),
                        Compression.GZIP)
                .history("/bin/sh -c #(nop) ADD file:0a1b2c3d in / ", false)
                .history("/bin/sh -c #(nop)  CMD [\"bash\"]", true)
                .layer(new LayerBuilder()
                        .file("opt/app/app.jar", fatJar())
                        .file("opt/app/legacy/commons-collections-3.2.1.jar", plainJar(
                                "commons-collections", "commons-collections", "3.2.1"))
                        .file("opt/app/web/package.json", "{\"name\":\"demo-web\",\"version\":\"1.0.0\",\"dependencies\":{\"lodash\":\"^4.17.15\"}}")
                        .file("opt/app/web/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                        .file("opt/app/web/node_modules/@babel/traverse/package.json",
                                "{\"name\":\"@babel/traverse\",\"version\":\"7.22.20\"}"),
                        Compression.GZIP)
                .history("COPY app/ /opt/app/ # buildkit", false)
                .layer(new LayerBuilder()
                        .file("var/lib/dpkg/status", statusAfterPurge)
                        .whiteout("var/lib/dpkg/info/openssl.list")
                        .whiteout("usr/bin/openssl")
                        .whiteout("opt/app/legacy"),
                        Compression.GZIP)
                .history("RUN apt-get purge -y openssl && rm -rf /opt/app/legacy # buildkit", false)
                .tag("tarsier/demo:1.0");
    }

    private static String stanza(String name, String version, String source, String sourceVersion) {
        StringBuilder s = new StringBuilder()
                .append("Package: ").append(name).append('\n')
                .append("Status: install ok installed\n")
                .append("Priority: optional\n")
                .append("Architecture: amd64\n")
                .append("Maintainer: Debian Maintainers <debian@example.org>\n");
        if (source != null) {
            s.append("Source: ").append(source);
            if (sourceVersion != null) {
                s.append(" (").append(sourceVersion).append(')');
            }
            s.append('\n');
        }
        return s.append("Version: ").append(version).append('\n')
                .append("Description: ").append(name).append(" (demo)\n")
                .append(" A package of the Tarsier demo image.\n\n").toString();
    }

    /** A Spring Boot style jar: its own pom.properties plus two libraries in BOOT-INF/lib. */
    static byte[] fatJar() {
        return jar(new String[][] {
                {"META-INF/maven/com.example/demo-app/pom.properties", pom("com.example", "demo-app", "1.0.0")},
                {"BOOT-INF/classes/com/example/App.class", "not really a class"},
        }, new byte[][] {
                plainJar("org.apache.logging.log4j", "log4j-core", "2.14.1"),
                plainJar("com.fasterxml.jackson.core", "jackson-databind", "2.9.10.1"),
        }, new String[] {"BOOT-INF/lib/log4j-core-2.14.1.jar", "BOOT-INF/lib/jackson-databind-2.9.10.1.jar"});
    }

    static byte[] plainJar(String group, String artifact, String version) {
        return jar(new String[][] {
                {"META-INF/maven/" + group + "/" + artifact + "/pom.properties", pom(group, artifact, version)},
        }, new byte[0][], new String[0]);
    }

    private static String pom(String group, String artifact, String version) {
        return "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n";
    }

    private static byte[] jar(String[][] texts, byte[][] nested, String[] nestedNames) {
        try {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes)) {
                JarEntry m = new JarEntry("META-INF/MANIFEST.MF");
                m.setTime(ZIP_TIME);
                jar.putNextEntry(m);
                manifest.write(jar);
                jar.closeEntry();
                for (String[] t : texts) {
                    JarEntry e = new JarEntry(t[0]);
                    e.setTime(ZIP_TIME);
                    jar.putNextEntry(e);
                    jar.write(t[1].getBytes(StandardCharsets.UTF_8));
                    jar.closeEntry();
                }
                for (int i = 0; i < nested.length; i++) {
                    JarEntry e = new JarEntry(nestedNames[i]);
                    e.setTime(ZIP_TIME);
                    jar.putNextEntry(e);
                    jar.write(nested[i]);
                    jar.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
