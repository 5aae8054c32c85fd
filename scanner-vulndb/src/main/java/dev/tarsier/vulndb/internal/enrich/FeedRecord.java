package dev.tarsier.vulndb.internal.enrich;


import java.util.Objects;

/**
 * What a CVE-level feed parser made of one record: facts to merge, a record that says nothing to
 * keep (rejected, unscored), or a malformed one. Parsers return these instead of throwing so that
 * one bad record of a 300,000-record feed costs one diagnostic, not the import.
 */
public sealed interface FeedRecord {

    /**
     * A partial {@link CveFacts} to merge with the other feeds' parts.
     *
     * @param facts the facts; never null, never empty
     */
    record Facts(CveFacts facts) implements FeedRecord {
        public Facts {
            Objects.requireNonNull(facts, "facts");
        }
    }

    /**
     * A well-formed record that contributes nothing.
     *
     * @param id the CVE id
     * @param reason why (e.g. {@code rejected}); never null
     */
    record Ignored(String id, String reason) implements FeedRecord {
        public Ignored {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A record that could not be read.
     *
     * @param reason what is wrong with it, for a diagnostic; never null
     */
    record Malformed(String reason) implements FeedRecord {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Facts, or {@link Ignored} when they hold nothing. */
    static FeedRecord of(CveFacts facts, String reasonWhenEmpty) {
        return facts.isEmpty() ? new Ignored(facts.id(), reasonWhenEmpty) : new Facts(facts);
    }
}
