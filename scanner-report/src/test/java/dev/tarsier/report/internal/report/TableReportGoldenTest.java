package dev.tarsier.report.internal.report;

import dev.tarsier.api.Finding;
import dev.tarsier.api.Severity;
import dev.tarsier.report.IgnoreFile;
import dev.tarsier.report.Policy;
import dev.tarsier.report.Report;
import dev.tarsier.report.TableReport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableReportGoldenTest {

    private static String table(Report report, boolean colour) {
        StringWriter text = new StringWriter();
        TableReport.write(report, new PrintWriter(text), colour);
        return text.toString();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = TableReportGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void write_scanReport_matchesGoldenText() throws IOException {
        assertEquals(golden("scan-table.txt"), table(ReportSamples.scan(), false).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void write_scanReport_fitsEightyColumns() {
        for (String line : table(ReportSamples.scan(), false).split("\\R")) {
            assertTrue(line.length() <= 80, () -> line.length() + " columns: " + line);
        }
    }

    @Test
    void write_withoutColour_hasNoEscapeSequences_withColourPaintsSeveritiesAndVerdict() {
        assertFalse(table(ReportSamples.scan(), false).contains("\u001b["));
        String coloured = table(ReportSamples.scan(), true);
        assertTrue(coloured.contains("\u001b[1;31mCRITICAL"));
        assertTrue(coloured.contains("\u001b[1;31mFAIL\u001b[0m"));
        assertEquals(table(ReportSamples.scan(), false), coloured.replaceAll("\u001b\\[[0-9;]*m", ""));
    }

    @Test
    void write_inventoryOnlyReport_isTheInventoryListing() {
        StringWriter plain = new StringWriter();
        TableReport.write(ReportSamples.sbom().inventory(), new PrintWriter(plain));
        assertEquals(plain.toString(), table(ReportSamples.sbom(), true));
    }

    @Test
    void write_everythingSuppressed_saysSoAndPasses() {
        Report report = ReportSamples.scan();
        Report allSuppressed = Report.scan(report.inventory(), report.findings().orElseThrow(),
                Policy.builder().failOn(Severity.LOW).ignoreFile(everything(report)).build()
                        .evaluate(report.inventory(), report.findings().orElseThrow()));

        String text = table(allSuppressed, false);

        assertTrue(text.contains("No vulnerabilities found that are not suppressed."), text);
        assertTrue(text.contains("Suppressed (10):"), text);
        assertTrue(text.contains("Verdict  PASS"), text);
        assertFalse(text.contains("Layer 0"), text);
    }

    private static IgnoreFile everything(Report report) {
        List<IgnoreFile.Rule> rules = report.findings().orElseThrow().stream().map(Finding::id).distinct()
                .map(id -> new IgnoreFile.Rule(id, Optional.empty(), "accepted for the test", Optional.empty(), "all.json"))
                .toList();
        return new IgnoreFile("all.json", rules);
    }
}
