package dev.tarsier.report;

import dev.tarsier.report.internal.policy.VexParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenVEX 0.2.0 document: statements that a product is or is not affected by a vulnerability.
 *
 * <p>Statements with status {@code not_affected} or {@code fixed} suppress matching findings (the
 * justification and impact statement are kept in the report); {@code affected} and
 * {@code under_investigation} suppress nothing. When several statements speak about the same
 * finding, the most recent one (statement timestamp, else document timestamp) decides, as the
 * OpenVEX specification's "latest statement wins" rule says; on equal times the later one in
 * input order wins.
 *
 * @param name the file name as given by the user; never null
 * @param id the document's {@code @id}; never null
 * @param author the document author, when given
 * @param timestamp the document's {@code timestamp}, when given
 * @param statements the statements, in document order; never null
 * @see <a href="https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md">OpenVEX specification</a>
 * @since 0.1
 */
public record VexDocument(String name, String id, Optional<String> author, Optional<OffsetDateTime> timestamp,
                          List<Statement> statements) {

    public VexDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(timestamp, "timestamp");
        statements = List.copyOf(statements);
    }

    /**
     * Reads an OpenVEX JSON document.
     *
     * @throws PolicyInputException if the file cannot be read or is not a valid OpenVEX document
     */
    public static VexDocument read(Path file) throws PolicyInputException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new PolicyInputException("cannot read VEX document " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses an OpenVEX JSON document from a stream (not closed).
     *
     * @param name name used in messages and reports
     * @throws PolicyInputException if the content is not a valid OpenVEX document
     */
    public static VexDocument parse(String name, InputStream in) throws PolicyInputException {
        return VexParser.parse(name, in);
    }

    /** The status of a statement (OpenVEX spec, "Status Labels"). */
    public enum Status {
        /** No remediation is required: the product is not affected. Suppresses. */
        NOT_AFFECTED,
        /** Actions are recommended: the product is affected. Does not suppress. */
        AFFECTED,
        /** The product contains a fix. Suppresses. */
        FIXED,
        /** It is not yet known whether the product is affected. Does not suppress. */
        UNDER_INVESTIGATION;

        /** The label as written in documents ({@code not_affected}, ...). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether statements with this status suppress findings. */
        public boolean suppresses() {
            return this == NOT_AFFECTED || this == FIXED;
        }
    }

    /**
     * A product a statement is about, with the subcomponents it narrows the statement to.
     *
     * @param ids the product's identifiers: its {@code @id} and any {@code identifiers.purl}; never null
     * @param subcomponents identifiers of the subcomponents ({@code @id} and {@code identifiers.purl}); never null
     */
    public record Product(List<String> ids, List<String> subcomponents) {

        public Product {
            ids = List.copyOf(ids);
            subcomponents = List.copyOf(subcomponents);
        }
    }

    /**
     * One statement.
     *
     * @param vulnerability the vulnerability name ({@code CVE-2021-44228}); never null
     * @param aliases other names of the vulnerability; never null
     * @param products the products concerned; never null
     * @param status the status; never null
     * @param justification the {@code not_affected} justification label, when given
     * @param impactStatement the impact statement, when given
     * @param statusNotes free-form notes, when given
     * @param timestamp the statement's own timestamp, when given
     */
    public record Statement(String vulnerability, List<String> aliases, List<Product> products, Status status,
                            Optional<String> justification, Optional<String> impactStatement,
                            Optional<String> statusNotes, Optional<OffsetDateTime> timestamp) {

        public Statement {
            Objects.requireNonNull(vulnerability, "vulnerability");
            aliases = List.copyOf(aliases);
            products = List.copyOf(products);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(justification, "justification");
            Objects.requireNonNull(impactStatement, "impactStatement");
            Objects.requireNonNull(statusNotes, "statusNotes");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
