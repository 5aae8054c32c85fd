package dev.tarsier.core.internal.report;

import dev.tarsier.core.Report;

import java.io.IOException;
import java.io.OutputStream;

/** Placeholder replaced in the next step. */
public final class SpdxWriter {
    private SpdxWriter() {
    }

    /** Writes the report. */
    public static void write(Report report, OutputStream out) throws IOException {
        throw new UnsupportedOperationException();
    }
}
