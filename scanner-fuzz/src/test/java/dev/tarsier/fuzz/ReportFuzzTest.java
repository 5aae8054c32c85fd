package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tarsier.api.Inventory;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.PolicyInputException;
import dev.tarsier.report.SbomReadException;
import dev.tarsier.report.SbomReader;
import dev.tarsier.report.VexDocument;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;

/**
 * What the report side reads from the user: ignore files, OpenVEX documents and SBOMs
 * (CycloneDX, SPDX, Tarsier JSON) for {@code scan --sbom}. Documented refusals:
 * {@link PolicyInputException} and {@link SbomReadException}.
 */
class ReportFuzzTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    @FuzzTest
    void ignoreFile(byte[] data) {
        try {
            IgnoreFile file = IgnoreFile.parse(".tarsierignore.json", new ByteArrayInputStream(data));
            for (IgnoreFile.Rule rule : file.rules()) {
                rule.expiredOn(TODAY);
            }
        } catch (PolicyInputException documented) {
            // not a valid ignore file
        }
    }

    @FuzzTest
    void openVex(byte[] data) {
        try {
            VexDocument vex = VexDocument.parse("fuzz.openvex.json", new ByteArrayInputStream(data));
            for (VexDocument.Statement s : vex.statements()) {
                s.status().suppresses();
            }
        } catch (PolicyInputException documented) {
            // not a valid OpenVEX document
        }
    }

    @FuzzTest
    void sbom(byte[] data) {
        try {
            Inventory inventory = SbomReader.read(data, "sbom:fuzz.json", "fuzz.json");
            SbomReader.layerless(inventory);
            Fuzz.assertNoBugDiagnostics(inventory.diagnostics(), data);
        } catch (SbomReadException documented) {
            // not a CycloneDX, SPDX or Tarsier JSON document
        }
    }
}
