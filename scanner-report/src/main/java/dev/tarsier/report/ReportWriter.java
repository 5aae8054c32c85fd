package dev.tarsier.report;

import dev.tarsier.report.internal.report.CycloneDxWriter;
import dev.tarsier.report.internal.report.SarifWriter;
import dev.tarsier.report.internal.report.SpdxWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a {@link Report} in any {@link ReportFormat}. Output is UTF-8; the stream is flushed, not
 * closed. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ReportWriter {

    /** The tool name written into CycloneDX, SPDX and SARIF documents. */
    public static final String TOOL_NAME = "tarsier";

    private ReportWriter() {
    }

    /** Writes the report without colour. */
    public static void write(Report report, ReportFormat format, OutputStream out) throws IOException {
        write(report, format, out, false);
    }

    /**
     * Writes the report.
     *
     * @param colour whether the table may use ANSI colours (ignored by machine formats); callers
     *     pass true only when asked to or when writing to a terminal
     */
    public static void write(Report report, ReportFormat format, OutputStream out, boolean colour) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        switch (format) {
            case JSON -> JsonReport.write(report, out);
            case TABLE -> {
                PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                TableReport.write(report, w, colour);
                w.flush();
            }
            case CYCLONEDX -> CycloneDxWriter.write(report, out);
            case SPDX -> SpdxWriter.write(report, out);
            case SARIF -> SarifWriter.write(report, out);
        }
        out.flush();
    }

    /** Tarsier's version from the jar manifest, or {@code 0.0.0-dev} when run from classes. */
    public static String toolVersion() {
        String v = ReportWriter.class.getPackage().getImplementationVersion();
        return v == null ? "0.0.0-dev" : v;
    }
}
