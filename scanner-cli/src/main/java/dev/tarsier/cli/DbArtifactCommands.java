package dev.tarsier.cli;

import dev.tarsier.core.ImageAccessException;
import dev.tarsier.core.ProxyEnvironment;
import dev.tarsier.core.RegistryArtifacts;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityDatabaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tarsier db push} and {@code tarsier db pull}: the compiled database as an OCI artifact in a
 * registry (artifactType {@link VulnerabilityDatabase#OCI_ARTIFACT_TYPE}, one layer of media type
 * {@link VulnerabilityDatabase#OCI_LAYER_MEDIA_TYPE}), with the registry handling of image scans.
 */
final class DbArtifactCommands {

    private DbArtifactCommands() {
    }

    /** Registry options shared by push, pull and {@code db update --from}. */
    static final class RegistryFlags {
        @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
                description = "registry reachable over plain HTTP or unverified TLS (repeatable)")
        List<String> insecureRegistries = new ArrayList<>();

        @Option(names = "--registry-ca", paramLabel = "FILE", description = "PEM file of extra CA certificates")
        Path registryCa;
    }

    private static RegistryArtifacts client(List<String> insecure, Path ca) {
        RegistryArtifacts.Builder b = RegistryArtifacts.builder();
        if (!insecure.isEmpty()) {
            b.insecureRegistries(insecure);
        }
        if (ca != null) {
            b.registryCaFile(ca);
        }
        ProxyEnvironment.selector(System.getenv()).ifPresent(b::registryProxy);
        return b.build();
    }

    private static String reference(String ref) {
        return ref.startsWith("registry:") ? ref.substring("registry:".length()) : ref;
    }

    /**
     * Pulls a database artifact, checks its digest and its own checksums, and replaces the target
     * atomically; the target is untouched on any failure.
     *
     * @return the exit code
     */
    static int pull(String ref, Path target, List<String> insecure, Path ca, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try (RegistryArtifacts registry = client(insecure, ca)) {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".pull");
            RegistryArtifacts.Pulled pulled = registry.pull(reference(ref), VulnerabilityDatabase.OCI_ARTIFACT_TYPE,
                    VulnerabilityDatabase.OCI_LAYER_MEDIA_TYPES_READ, tmp);
            VulnerabilityDatabaseInfo info;
            try (VulnerabilityDatabase db = VulnerabilityDatabase.open(tmp)) {
                db.verify();
                info = db.info();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out.printf(Locale.ROOT, "pulled %s (%s) into %s: built %s, %d advisories, %d CVEs, %d bytes%n", ref,
                    pulled.manifestDigest(), target, info.builtAt(), info.advisories(), info.cves(), info.fileSize());
            return Main.OK;
        } catch (VulnerabilityDatabaseException e) {
            err.println("tarsier db pull: " + ref + " is not a usable database (" + e.getMessage() + "); "
                    + target + " was left as it was");
            return Main.USAGE;
        } catch (ImageAccessException | IOException | IllegalArgumentException e) {
            err.println("tarsier db pull: " + e.getMessage() + "; " + target + " was left as it was");
            return Main.USAGE;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    err.println("tarsier db pull: cannot remove " + tmp + ": " + e.getMessage());
                }
            }
        }
    }

    /** What push and pull share: the reference, the database file and the registry options. */
    abstract static class ArtifactCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "registry:HOST/REPO:TAG", description = "the artifact's reference")
        String ref;

        @Option(names = "--db", paramLabel = "PATH", description = "the database file (default: in the cache dir)")
        Path db;

        @picocli.CommandLine.Mixin
        RegistryFlags registry;

        Path database() {
            return db != null ? db : VulnerabilityDatabase.defaultPath(System.getenv());
        }
    }

    /** {@code tarsier db push}. */
    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Upload the database to a registry as an OCI artifact, for 'db pull' and 'db update --from'.")
    static final class Push extends ArtifactCommand {
        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = database();
            Map<String, String> annotations = new LinkedHashMap<>();
            try (VulnerabilityDatabase d = VulnerabilityDatabase.open(file)) {
                d.verify();
                VulnerabilityDatabaseInfo i = d.info();
                annotations.put("dev.tarsier.vulndb.built", i.builtAt().toString());
                annotations.put("dev.tarsier.vulndb.format", Integer.toString(i.formatVersion()));
                annotations.put("dev.tarsier.vulndb.advisories", Long.toString(i.advisories()));
            } catch (VulnerabilityDatabaseException e) {
                err.println("tarsier db push: cannot use " + file + ": " + e.getMessage());
                return Main.USAGE;
            }
            try (RegistryArtifacts r = client(registry.insecureRegistries, registry.registryCa)) {
                RegistryArtifacts.Pushed pushed = r.push(reference(ref), new RegistryArtifacts.ArtifactFile(file,
                        VulnerabilityDatabase.OCI_ARTIFACT_TYPE, VulnerabilityDatabase.OCI_LAYER_MEDIA_TYPE, annotations));
                out.printf(Locale.ROOT, "pushed %s to %s: manifest %s, database %s (%d bytes)%n", file, ref,
                        pushed.manifestDigest(), pushed.blobDigest(), pushed.size());
                return Main.OK;
            } catch (ImageAccessException | IOException | IllegalArgumentException e) {
                err.println("tarsier db push: " + e.getMessage());
                return Main.USAGE;
            }
        }
    }

    /** {@code tarsier db pull}. */
    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download a database pushed with 'db push', verify it and replace the local one atomically.")
    static final class Pull extends ArtifactCommand {
        @Override
        public Integer call() throws Exception {
            return pull(ref, database(), registry.insecureRegistries, registry.registryCa, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
