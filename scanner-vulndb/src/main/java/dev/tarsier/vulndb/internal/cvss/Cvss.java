package dev.tarsier.vulndb.internal.cvss;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS base scores computed from vector strings: v2 (FIRST "CVSS v2 Complete Documentation",
 * section 3.2.1), v3.0 and v3.1 (FIRST CVSS v3.1 Specification, section 7.1 and Appendix A for
 * Roundup) and v4.0 (FIRST CVSS v4.0 Specification, section 8: MacroVector lookup plus
 * interpolation by severity distance, as the FIRST reference calculator implements it).
 *
 * <p>A vector that is malformed, names an unknown metric or value, repeats a metric or misses a
 * base metric yields an empty result, never a guessed score. Stateless and thread-safe.
 */
public final class Cvss {

    private Cvss() {
    }

    /**
     * Computes the base score of a vector: {@code CVSS:4.0/...}, {@code CVSS:3.1/...},
     * {@code CVSS:3.0/...}, or a v2 vector ({@code AV:N/AC:L/Au:N/C:P/I:P/A:P}, optionally in
     * parentheses or prefixed {@code CVSS:2.0/}).
     *
     * @return the score, 0.0 to 10.0 with one decimal; empty when the vector is not valid
     */
    public static OptionalDouble baseScore(String vector) {
        if (vector == null) {
            return OptionalDouble.empty();
        }
        String v = vector.strip();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1);
        }
        Map<String, String> m;
        if (v.startsWith("CVSS:4.0/")) {
            m = metrics(v.substring(9));
            return m == null ? OptionalDouble.empty() : Cvss4.score(m);
        } else if (v.startsWith("CVSS:3.1/") || v.startsWith("CVSS:3.0/")) {
            m = metrics(v.substring(9));
            return m == null ? OptionalDouble.empty() : v3(m, v.startsWith("CVSS:3.1/"));
        } else if (v.startsWith("CVSS:2.0/")) {
            m = metrics(v.substring(9));
            return m == null ? OptionalDouble.empty() : v2(m);
        } else if (v.startsWith("AV:")) {
            m = metrics(v);
            return m == null ? OptionalDouble.empty() : v2(m);
        }
        return OptionalDouble.empty();
    }

    /** Splits {@code K:V/K:V}; null on a malformed part or a repeated metric. */
    static Map<String, String> metrics(String s) {
        Map<String, String> m = new HashMap<>();
        for (String part : s.split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                return null;
            }
            if (m.put(part.substring(0, colon), part.substring(colon + 1)) != null) {
                return null;
            }
        }
        return m;
    }

    private static double weight(Map<String, String> m, String metric, String values, double... weights) {
        String v = m.get(metric);
        if (v == null) {
            return Double.NaN;
        }
        String[] names = values.split(",");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(v)) {
                return weights[i];
            }
        }
        return Double.NaN;
    }

    /** CVSS v3.0/v3.1 base score (v3.1 specification §7.1). */
    private static OptionalDouble v3(Map<String, String> m, boolean v31) {
        String scope = m.get("S");
        if (!"U".equals(scope) && !"C".equals(scope)) {
            return OptionalDouble.empty();
        }
        boolean changed = scope.equals("C");
        double av = weight(m, "AV", "N,A,L,P", 0.85, 0.62, 0.55, 0.2);
        double ac = weight(m, "AC", "L,H", 0.77, 0.44);
        double pr = changed ? weight(m, "PR", "N,L,H", 0.85, 0.68, 0.5) : weight(m, "PR", "N,L,H", 0.85, 0.62, 0.27);
        double ui = weight(m, "UI", "N,R", 0.85, 0.62);
        double c = weight(m, "C", "H,L,N", 0.56, 0.22, 0);
        double i = weight(m, "I", "H,L,N", 0.56, 0.22, 0);
        double a = weight(m, "A", "H,L,N", 0.56, 0.22, 0);
        if (Double.isNaN(av + ac + pr + ui + c + i + a)) {
            return OptionalDouble.empty();
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return OptionalDouble.of(0.0);
        }
        double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
        return OptionalDouble.of(v31 ? roundUp31(raw) : Math.ceil(raw * 10) / 10);
    }

    /** v3.1 Appendix A Roundup: the smallest one-decimal number >= input, robust to float noise. */
    static double roundUp31(double input) {
        long intInput = Math.round(input * 100000);
        if (intInput % 10000 == 0) {
            return intInput / 100000.0;
        }
        return (Math.floor(intInput / 10000.0) + 1) / 10.0;
    }

    /** CVSS v2 base score (v2 guide §3.2.1). */
    private static OptionalDouble v2(Map<String, String> m) {
        double av = weight(m, "AV", "L,A,N", 0.395, 0.646, 1.0);
        double ac = weight(m, "AC", "H,M,L", 0.35, 0.61, 0.71);
        double au = weight(m, "Au", "M,S,N", 0.45, 0.56, 0.704);
        double c = weight(m, "C", "N,P,C", 0, 0.275, 0.660);
        double i = weight(m, "I", "N,P,C", 0, 0.275, 0.660);
        double a = weight(m, "A", "N,P,C", 0, 0.275, 0.660);
        if (Double.isNaN(av + ac + au + c + i + a)) {
            return OptionalDouble.empty();
        }
        double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
        double exploitability = 20 * av * ac * au;
        double f = impact == 0 ? 0 : 1.176;
        double base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
        return OptionalDouble.of(Math.round(base * 10) / 10.0);
    }
}
