package dev.tarsier.report;

import dev.tarsier.api.Finding;
import dev.tarsier.report.internal.policy.IgnoreFileParser;
import dev.tarsier.report.internal.policy.PurlPattern;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An ignore file: rules that suppress findings by vulnerability id or alias, optionally only for
 * packages whose PURL matches a pattern, each with a required reason and an optional expiry date.
 *
 * <p>The file is JSON (see {@code docs/reports.md}):
 * <pre>{@code
 * {"ignore": [
 *   {"id": "CVE-2023-44487", "purl": "pkg:golang/*", "reason": "HTTP/2 not exposed",
 *    "expires": "2026-12-31"}
 * ]}
 * }</pre>
 * Unknown members are rejected so that a misspelt {@code "expiry"} cannot silently make a rule
 * permanent. At most {@link IgnoreFileParser#MAX_BYTES} bytes are read.
 *
 * @param name the file name as given by the user, used in reports and messages; never null
 * @param rules the rules, in file order; never null
 * @since 0.1
 */
public record IgnoreFile(String name, List<Rule> rules) {

    public IgnoreFile {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
    }

    /**
     * Reads an ignore file.
     *
     * @throws PolicyInputException if the file cannot be read or is not a valid ignore file
     */
    public static IgnoreFile read(Path file) throws PolicyInputException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new PolicyInputException("cannot read ignore file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses an ignore file from a stream (not closed).
     *
     * @param name name used in messages and reports
     * @throws PolicyInputException if the content is not a valid ignore file
     */
    public static IgnoreFile parse(String name, InputStream in) throws PolicyInputException {
        return new IgnoreFile(name, IgnoreFileParser.parse(name, in));
    }

    /**
     * One rule.
     *
     * @param id the vulnerability id or alias it suppresses (compared case-insensitively with the
     *     finding's id and aliases); never null
     * @param purl a PURL pattern the package must match ({@code *} matches any run of characters;
     *     compared with the canonical and the unencoded spelling; a pattern without a version
     *     matches every version), when the rule is narrowed to packages
     * @param reason why the finding is acceptable; never blank
     * @param expires the last day the rule suppresses, when it expires
     * @param file the name of the ignore file holding the rule; never null
     */
    public record Rule(String id, Optional<String> purl, String reason, Optional<LocalDate> expires, String file) {

        public Rule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(purl, "purl");
            Objects.requireNonNull(reason, "reason");
            if (id.isBlank() || reason.isBlank()) {
                throw new IllegalArgumentException("an ignore rule needs an id and a reason");
            }
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(file, "file");
        }

        /** Whether the rule has expired on the given day (it still applies on its expiry date). */
        public boolean expiredOn(LocalDate today) {
            return expires.isPresent() && today.isAfter(expires.get());
        }

        /** Whether the rule names the finding's vulnerability and, if narrowed, its package. */
        public boolean matches(Finding finding) {
            String wanted = id.toUpperCase(Locale.ROOT);
            boolean idMatches = finding.id().toUpperCase(Locale.ROOT).equals(wanted)
                    || finding.aliases().stream().anyMatch(a -> a.toUpperCase(Locale.ROOT).equals(wanted));
            return idMatches && purl.map(p -> PurlPattern.matches(p, finding.pkg().purl())).orElse(true);
        }
    }
}
