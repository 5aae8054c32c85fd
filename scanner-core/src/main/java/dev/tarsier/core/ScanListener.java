package dev.tarsier.core;

/**
 * Receives progress of a scan, for example to show it on a terminal. Called from the threads
 * that walk layers, so implementations must be thread-safe and quick; an exception thrown here
 * is ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ScanListener {

    /** A listener that ignores everything. */
    ScanListener NONE = (blob, bytes, entries) -> { };

    /**
     * One layer blob was walked.
     *
     * @param blob where the blob is in the source (an archive member, a layout path, a digest)
     * @param bytes bytes of the blob as stored (compressed when the layer is)
     * @param entries tar entries read
     */
    void layerWalked(String blob, long bytes, int entries);
}
