package dev.tarsier.core.registry;

import dev.tarsier.testkit.LocalRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away certificate authority made with the real {@code openssl}: a self-signed CA and a
 * server certificate for {@code 127.0.0.1} / {@code localhost} signed by it.
 *
 * @param caCertificate the CA certificate (PEM), what a client is told to trust
 * @param server the server certificate and key
 */
public record TestCa(Path caCertificate, LocalRegistry.Tls server) {

    /** Creates the CA and the server certificate in {@code dir}. */
    public static TestCa create(Path dir) throws IOException, InterruptedException {
        String openssl = LocalRegistry.onPath("openssl").orElseThrow(() -> new IllegalStateException("openssl is not installed"))
                .toString();
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.crt");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        LocalRegistry.run(List.of(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "2",
                "-subj", "/CN=Tarsier test CA"));
        LocalRegistry.run(List.of(openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=127.0.0.1"));
        LocalRegistry.run(List.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2",
                "-extfile", ext.toString()));
        return new TestCa(caCert, new LocalRegistry.Tls(cert, key));
    }
}
