package dev.tarsier.vulndb.internal.osv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.internal.enrich.Rating;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Affected;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Event;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.EventKind;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.Range;
import dev.tarsier.vulndb.internal.osv.OsvAdvisory.RangeType;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Turns one parsed JSON record into an {@link OsvAdvisory}, following the OSV schema
 * (ossf.github.io/osv-schema, 1.7): {@code id}, {@code aliases}, {@code upstream},
 * {@code withdrawn}, {@code summary}, {@code severity}, {@code affected[].package},
 * {@code ranges[].events}, {@code versions}, {@code database_specific.severity}.
 *
 * <p>Severity, in order of preference: a CVSS v4.0, then v3.x, then v2 vector from
 * {@code severity[]} (base score computed, {@link Cvss}); then a textual severity in
 * {@code database_specific.severity} (GHSA) or a {@code severity[]} entry of type {@code Ubuntu};
 * otherwise {@link Severity#UNKNOWN}. The same order applies to per-package severities in
 * {@code affected[]}, which override the record's for that package.
 *
 * <p>Stateless; one instance may be shared.
 */
public final class OsvParser {

    /** Maximum length of a stored summary; longer ones are cut at a word boundary. */
    static final int SUMMARY_CAP = 240;

    /** Result of parsing one record. */
    public sealed interface Result {
    }

    /** A usable advisory, with notes about parts that were skipped on purpose. */
    public record Parsed(OsvAdvisory advisory, List<String> notes) implements Result {
    }

    /** The record is withdrawn: OSV says to ignore it. */
    public record Withdrawn(String id) implements Result {
    }

    /** The record is malformed and was skipped. */
    public record Malformed(String reason) implements Result {
    }

    /** Parses an OSV record. */
    public Result parse(JsonNode record) {
        if (!record.isObject()) {
            return new Malformed("record is not a JSON object");
        }
        JsonNode item = record.get("item");
        if (!record.has("id") && item != null && item.isObject()) {
            // vunnel-style envelope {"schema": ..., "identifier": ..., "item": {OSV}}
            return parse(item);
        }
        String id = text(record, "id");
        if (id == null || id.isBlank()) {
            return new Malformed("missing 'id'");
        }
        if (record.hasNonNull("withdrawn")) {
            return new Withdrawn(id);
        }
        List<String> notes = new ArrayList<>();
        TreeSet<String> aliases = new TreeSet<>();
        for (String field : List.of("aliases", "upstream")) {
            JsonNode arr = record.get(field);
            if (arr != null && arr.isArray()) {
                for (JsonNode a : arr) {
                    if (a.isTextual() && !a.asText().isBlank() && !a.asText().equals(id)) {
                        aliases.add(a.asText().strip());
                    }
                }
            } else if (arr != null && !arr.isNull()) {
                return new Malformed(id + ": '" + field + "' is not an array");
            }
        }
        String vendorSource = isRedHatFamily(id, record) ? Rating.SOURCE_REDHAT : Rating.SOURCE_ADVISORY;
        Optional<Rating> recordRating = rating(record, vendorSource);
        JsonNode affectedNode = record.get("affected");
        if (affectedNode != null && !affectedNode.isArray()) {
            return new Malformed(id + ": 'affected' is not an array");
        }
        List<Affected> affected = new ArrayList<>();
        if (affectedNode != null) {
            for (JsonNode a : affectedNode) {
                JsonNode pkg = a.get("package");
                if (pkg == null || !pkg.isObject()) {
                    notes.add(id + ": affected entry without package skipped");
                    continue;
                }
                String ecosystem = text(pkg, "ecosystem");
                String name = text(pkg, "name");
                if (ecosystem == null || name == null || ecosystem.isBlank() || name.isBlank()) {
                    return new Malformed(id + ": affected package without ecosystem or name");
                }
                List<Range> ranges = new ArrayList<>();
                JsonNode rangesNode = a.get("ranges");
                if (rangesNode != null && rangesNode.isArray()) {
                    for (JsonNode r : rangesNode) {
                        String type = text(r, "type");
                        if ("GIT".equals(type)) {
                            // Commit ranges need the source repository; a scanner sees only versions.
                            notes.add(id + ": GIT range ignored for " + ecosystem + "/" + name);
                            continue;
                        }
                        RangeType rt;
                        if ("ECOSYSTEM".equals(type)) {
                            rt = RangeType.ECOSYSTEM;
                        } else if ("SEMVER".equals(type)) {
                            rt = RangeType.SEMVER;
                        } else {
                            return new Malformed(id + ": unknown range type '" + type + "'");
                        }
                        List<Event> events = new ArrayList<>();
                        JsonNode ev = r.get("events");
                        if (ev == null || !ev.isArray() || ev.isEmpty()) {
                            return new Malformed(id + ": range without events");
                        }
                        for (JsonNode e : ev) {
                            Event event = event(e);
                            if (event == null) {
                                return new Malformed(id + ": malformed event " + e);
                            }
                            events.add(event);
                        }
                        ranges.add(new Range(rt, events));
                    }
                } else if (rangesNode != null && !rangesNode.isNull()) {
                    return new Malformed(id + ": 'ranges' is not an array");
                }
                List<String> versions = new ArrayList<>();
                JsonNode versionsNode = a.get("versions");
                if (versionsNode != null && versionsNode.isArray()) {
                    for (JsonNode v : versionsNode) {
                        if (v.isTextual()) {
                            versions.add(v.asText());
                        }
                    }
                }
                if (ranges.isEmpty() && versions.isEmpty()) {
                    notes.add(id + ": no version information for " + ecosystem + "/" + name + ", entry skipped");
                    continue;
                }
                affected.add(new Affected(ecosystem, name, ranges, versions, rating(a, vendorSource)));
            }
        }
        return new Parsed(new OsvAdvisory(id, List.copyOf(aliases), Optional.ofNullable(text(record, "modified")).orElse(""),
                summary(record), recordRating, affected), notes);
    }

    /**
     * Parses a Node.js security WG core index ({@code vuln/core/index.json}: an object of
     * entries with {@code cve}, {@code vulnerable}, {@code patched}, {@code severity},
     * {@code description}) into advisories for the node runtime. Each entry becomes advisory
     * {@code NSWG-CORE-<key>} with the CVEs as aliases.
     *
     * @param index the whole index object
     * @param out receives one result per entry
     */
    public void parseNodeIndex(JsonNode index, List<Result> out) {
        for (Map.Entry<String, JsonNode> e : index.properties()) {
            JsonNode v = e.getValue();
            String id = "NSWG-CORE-" + e.getKey();
            String vulnerable = text(v, "vulnerable");
            if (!v.isObject() || vulnerable == null || vulnerable.isBlank()) {
                out.add(new Malformed(id + ": entry without 'vulnerable' range"));
                continue;
            }
            List<String> aliases = new ArrayList<>();
            JsonNode cves = v.get("cve");
            if (cves != null && cves.isArray()) {
                for (JsonNode c : cves) {
                    if (c.isTextual() && !c.asText().isBlank()) {
                        aliases.add(c.asText().strip());
                    }
                }
            }
            List<Event> events = new ArrayList<>();
            events.add(new Event(EventKind.VULNERABLE, vulnerable.strip()));
            String patched = text(v, "patched");
            if (patched != null && !patched.isBlank()) {
                events.add(new Event(EventKind.PATCHED, patched.strip()));
            }
            String s = text(v, "severity");
            Optional<Rating> rating = s == null ? Optional.empty() : textualRating(s, Rating.SOURCE_NODEJS);
            Optional<String> summary = Optional.ofNullable(text(v, "description")).map(OsvParser::cap);
            Affected affected = new Affected(SemverVersionScheme.NODE_RUNTIME_ECOSYSTEM, "node",
                    List.of(new Range(RangeType.NODE_SEMVER, events)), List.of(), Optional.empty());
            out.add(new Parsed(new OsvAdvisory(id, aliases.stream().sorted().distinct().toList(), "", summary,
                    rating, List.of(affected)), List.of()));
        }
    }

    /** Whether a JSON object looks like the Node.js WG core index rather than an OSV record. */
    public static boolean isNodeIndex(JsonNode node) {
        if (!node.isObject() || node.has("id") || node.isEmpty()) {
            return false;
        }
        JsonNode first = node.elements().next();
        return first.isObject() && first.has("vulnerable");
    }

    private static Event event(JsonNode e) {
        if (!e.isObject() || e.size() != 1) {
            return null;
        }
        Map.Entry<String, JsonNode> f = e.properties().iterator().next();
        if (!f.getValue().isTextual()) {
            return null;
        }
        EventKind kind = switch (f.getKey()) {
            case "introduced" -> EventKind.INTRODUCED;
            case "fixed" -> EventKind.FIXED;
            case "last_affected" -> EventKind.LAST_AFFECTED;
            case "limit" -> EventKind.LIMIT;
            default -> null;
        };
        return kind == null ? null : new Event(kind, f.getValue().asText());
    }

    /**
     * Whether a record is Red Hat's or a rebuild's (AlmaLinux, Rocky Linux), whose severity words
     * are Red Hat's four-point scale: by the advisory id prefix (RHSA/RHBA/RHEA, ALSA/ALBA/ALEA,
     * RLSA/RLBA/RLEA, RXSA) or an affected ecosystem.
     */
    static boolean isRedHatFamily(String id, JsonNode record) {
        if (id.matches("(RH|AL|RL)[SBE]A-.*|RXSA-.*")) {
            return true;
        }
        for (JsonNode a : record.path("affected")) {
            String eco = a.path("package").path("ecosystem").asText("");
            if (eco.startsWith("Red Hat") || eco.startsWith("AlmaLinux") || eco.startsWith("Rocky Linux")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rating of a record or an affected entry, first found wins:
     * <ol>
     *   <li>a CVSS v4.0, then v3.x, then v2 vector of {@code severity[]} (source {@code advisory});</li>
     *   <li>a severity word in {@code database_specific.severity} or {@code ecosystem_specific.severity}
     *       (GHSA's words; on Red Hat family records Red Hat's scale, source {@code redhat});</li>
     *   <li>Ubuntu's priority, a {@code severity[]} entry of type {@code Ubuntu} (source {@code ubuntu});</li>
     *   <li>Debian's {@code ecosystem_specific.urgency} (source {@code debian}), see {@link #debianUrgency};</li>
     *   <li>on Red Hat family records, the severity that opens the summary, Red Hat's synopsis
     *       convention ("Important: httpd security update"), which is where AlmaLinux and Rocky
     *       Linux OSV records carry it.</li>
     * </ol>
     *
     * @param vendorSource the source of words in {@code *_specific.severity}
     */
    static Optional<Rating> rating(JsonNode node, String vendorSource) {
        JsonNode sev = node.get("severity");
        if (sev != null && sev.isArray()) {
            for (String type : List.of("CVSS_V4", "CVSS_V3", "CVSS_V2")) {
                for (JsonNode s : sev) {
                    if (type.equals(text(s, "type"))) {
                        Optional<Rating> r = Rating.cvss(text(s, "score"), Rating.SOURCE_ADVISORY);
                        if (r.isPresent()) {
                            return r;
                        }
                    }
                }
            }
        }
        for (String holder : List.of("database_specific", "ecosystem_specific")) {
            String word = text(node.get(holder), "severity");
            if (word != null) {
                return textualRating(word, vendorSource);
            }
        }
        if (sev != null && sev.isArray()) {
            for (JsonNode s : sev) {
                if ("Ubuntu".equals(text(s, "type")) && text(s, "score") != null) {
                    return textualRating(text(s, "score"), Rating.SOURCE_UBUNTU);
                }
            }
        }
        String urgency = text(node.get("ecosystem_specific"), "urgency");
        if (urgency != null) {
            return debianUrgency(urgency).map(s -> Rating.textual(s, Rating.SOURCE_DEBIAN));
        }
        String summary = text(node, "summary");
        if (Rating.SOURCE_REDHAT.equals(vendorSource) && summary != null && summary.indexOf(':') > 0) {
            return textualRating(summary.substring(0, summary.indexOf(':')), Rating.SOURCE_REDHAT);
        }
        return Optional.empty();
    }

    /**
     * Debian's urgency of a source package (Debian security tracker, "urgency" in
     * security-tracker.debian.org/tracker/data/json; the tracker's README lists the values):
     * {@code low}, {@code medium}, {@code high}, and {@code unimportant} (no security impact to
     * speak of) taken as LOW; {@code not yet assigned}, {@code end-of-life} and anything else are
     * no rating. A trailing {@code *} or {@code **} marks an urgency the tracker derived rather
     * than assessed; the word still counts.
     */
    static Optional<Severity> debianUrgency(String urgency) {
        String u = urgency.strip().replaceAll("\\*+$", "").strip().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "unimportant", "negligible", "low" -> Optional.of(Severity.LOW);
            case "medium" -> Optional.of(Severity.MEDIUM);
            case "high" -> Optional.of(Severity.HIGH);
            default -> Optional.empty();
        };
    }

    /**
     * A textual severity: the four qualitative CVSS words, Red Hat's "Important"/"Moderate", and
     * Ubuntu's and Debian's "negligible" as LOW; words that are no severity ("untriaged") give none.
     */
    static Optional<Rating> textualRating(String word, String source) {
        Optional<Severity> s = word.strip().equalsIgnoreCase("negligible") ? Optional.of(Severity.LOW)
                : Rating.severityWord(word);
        return s.map(v -> Rating.textual(v, source));
    }

    private static Optional<String> summary(JsonNode record) {
        String s = text(record, "summary");
        if (s == null || s.isBlank()) {
            s = text(record, "details");
        }
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(cap(s));
    }

    static String cap(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        if (one.length() <= SUMMARY_CAP) {
            return one;
        }
        int cut = one.lastIndexOf(' ', SUMMARY_CAP - 1);
        return one.substring(0, cut > SUMMARY_CAP / 2 ? cut : SUMMARY_CAP - 1) + "…";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
