package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.api.Image;
import dev.tarsier.api.Inventory;
import dev.tarsier.api.Layer;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseException;
import dev.tarsier.vulndb.VulnerabilityMatchResult;
import dev.tarsier.vulndb.VulnerabilityMatcher;
import dev.tarsier.vulndb.internal.cvss.Cvss;
import dev.tarsier.vulndb.internal.enrich.CveFacts;
import dev.tarsier.vulndb.internal.osv.OsvParser;
import dev.tarsier.vulndb.internal.source.AdvisorySourceReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The vulnerability data side: advisory and feed records through the importer's real entry point
 * ({@link AdvisorySourceReader#readStream}, which sniffs gzip/xz, zip, JSON, JSON lines and EPSS CSV
 * by content), CVSS vectors, and the compiled database reader behind
 * {@link VulnerabilityDatabase#open} and the matcher. Documented outcomes: a {@code Malformed}
 * result or a problem in the sink, an {@code IOException} for an unreadable stream, an empty score
 * for a bad vector, and {@link VulnerabilityDatabaseException} for a corrupted database file.
 */
class VulnDbFuzzTest {

    private static final Path DB_FILE = Fuzz.tempFile(".db");

    private final AdvisorySourceReader reader = new AdvisorySourceReader();

    @FuzzTest
    void osvRecord(byte[] data) {
        readFeed("osv.json", data);
    }

    @FuzzTest
    void osvJsonLines(byte[] data) {
        readFeed("all.jsonl", data);
    }

    @FuzzTest
    void nvdFeed(byte[] data) {
        readFeed("nvdcve-2.0-2024.json", data);
    }

    @FuzzTest
    void cve5Record(byte[] data) {
        readFeed("CVE-2024-0001.json", data);
    }

    @FuzzTest
    void kevCatalog(byte[] data) {
        readFeed("known_exploited_vulnerabilities.json", data);
    }

    @FuzzTest
    void epssCsv(byte[] data) {
        readFeed("epss_scores-current.csv", data);
    }

    @FuzzTest
    void cvssVector(byte[] data) {
        String vector = Fuzz.text(data);
        OptionalDouble score = Cvss.baseScore(vector);
        if (score.isPresent() && !(score.getAsDouble() >= 0 && score.getAsDouble() <= 10)) {
            throw new Fuzz.FuzzFinding("CVSS score out of 0..10: " + score.getAsDouble() + " for " + vector);
        }
    }

    /** A compiled DB file: opening, verifying and matching an inventory against it. */
    @FuzzTest
    void compiledDb(byte[] data) throws IOException {
        Files.write(DB_FILE, data);
        try (VulnerabilityDatabase db = VulnerabilityDatabase.open(DB_FILE)) {
            db.info();
            try {
                db.verify();
            } catch (VulnerabilityDatabaseException documented) {
                // a checksum or structure mismatch: still try lookups, as a careless caller would
            }
            VulnerabilityMatchResult result = new VulnerabilityMatcher(db).match(INVENTORY);
            Fuzz.assertNoBugDiagnostics(result.diagnostics(), data);
        } catch (VulnerabilityDatabaseException documented) {
            // "missing, unreadable, not a Tarsier DB, of another format version, truncated or corrupted"
        }
    }

    private void readFeed(String name, byte[] data) {
        try {
            reader.readStream("fuzz", name, new ByteArrayInputStream(data), new CheckingSink());
        } catch (IOException documented) {
            // an unreadable stream (bad gzip, truncated zip)
        }
    }

    /** Consumes what the importer produces the way the DB builder does, touching every field. */
    private static final class CheckingSink implements AdvisorySourceReader.Sink {
        @Override
        public void accept(String origin, OsvParser.Result result) {
            if (result instanceof OsvParser.Parsed parsed) {
                parsed.advisory().toString();
                parsed.notes().forEach(String::length);
            } else if (result instanceof OsvParser.Malformed malformed) {
                malformed.reason().length();
            }
        }

        @Override
        public void problem(String origin, String message) {
            message.length();
        }

        @Override
        public void facts(String origin, CveFacts facts) {
            facts.toString();
        }
    }

    private static final Inventory INVENTORY = inventory();

    private static Inventory inventory() {
        Image image = new Image("fuzz:image", "sha256:00", Optional.empty(), List.of(),
                List.of(new Layer(0, "sha256:01", Optional.empty(), Optional.empty())));
        List<Package> packages = List.of(
                Package.builder("deb", "libssl3", "3.0.11-1~deb12u1").purl(purl("deb", "debian", "libssl3", "3.0.11-1~deb12u1"))
                        .kind(PackageKind.OS).sourceName("openssl").sourceVersion("3.0.11-1~deb12u1")
                        .location(new Location(0, "var/lib/dpkg/status")).build(),
                Package.builder("maven", "log4j-core", "2.14.1")
                        .purl(purl("maven", "org.apache.logging.log4j", "log4j-core", "2.14.1")).ecosystem("Maven")
                        .location(new Location(0, "app/log4j-core-2.14.1.jar")).build(),
                Package.builder("npm", "lodash", "4.17.15").purl(purl("npm", null, "lodash", "4.17.15")).ecosystem("npm")
                        .location(new Location(0, "app/node_modules/lodash/package.json")).build());
        return new Inventory(image, Optional.of(OperatingSystem.of("debian", "12")), packages, List.of());
    }

    private static PackageURL purl(String type, String namespace, String name, String version) {
        try {
            return new PackageURL(type, namespace, name, version, null, null);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
