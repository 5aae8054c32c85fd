package dev.tarsier.analyzers.app.jar;

/**
 * Caps that keep the analysis of one archive bounded in memory and time, whatever its content.
 *
 * @param maxDepth deepest nesting read: the file itself is depth 0, {@code BOOT-INF/lib/x.jar} is 1
 * @param maxEntryBytes most bytes one entry may inflate to
 * @param maxTotalBytes most bytes all entries of one file, at every nesting level, may inflate to
 * @param maxRatio largest inflated/compressed ratio of one entry once it is past {@code ratioFloor}
 * @param ratioFloor inflated size of an entry below which its ratio is not checked
 * @param maxMetadataBytes largest {@code pom.properties} or {@code MANIFEST.MF} read
 * @param maxIdentities most {@code pom.properties} kept per archive
 */
record JarLimits(int maxDepth, long maxEntryBytes, long maxTotalBytes, long maxRatio, long ratioFloor,
                 int maxMetadataBytes, int maxIdentities) {

    /** The caps used by the analyzer found through the service loader. */
    static final JarLimits DEFAULT = new JarLimits(8, 1L << 30, 4L << 30, 100, 4L << 20, 1 << 20, 4096);

    JarLimits {
        if (maxDepth < 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxRatio <= 0 || ratioFloor < 0
                || maxMetadataBytes <= 0 || maxIdentities <= 0) {
            throw new IllegalArgumentException("invalid jar limits");
        }
    }
}
