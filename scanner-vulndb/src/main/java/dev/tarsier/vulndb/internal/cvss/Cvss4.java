package dev.tarsier.vulndb.internal.cvss;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS v4.0 scoring (FIRST CVSS v4.0 Specification §8, "CVSS v4.0 Scoring"): the vector's
 * MacroVector (equivalence classes EQ1..EQ6) selects a score from the specification's lookup
 * table; the score is then lowered by the mean proportional severity distance between the vector
 * and the highest-severity vectors of its MacroVector, and rounded to one decimal. Threat and
 * environmental metrics take part when present (E:X counts as A, CR/IR/AR:X as H, modified
 * metrics replace base ones), as in the specification's reference calculator.
 */
final class Cvss4 {

    private Cvss4() {
    }

    /** MacroVector to score: the table published with the specification. */
    private static final Map<String, Double> LOOKUP = new HashMap<>();

    static {
        String table = ""
            + "000000=10 000001=9.9 000010=9.8 000011=9.5 000020=9.5 000021=9.2 000100=10 000101=9.6 "
            + "000110=9.3 000111=8.7 000120=9.1 000121=8.1 000200=9.3 000201=9 000210=8.9 000211=8 "
            + "000220=8.1 000221=6.8 001000=9.8 001001=9.5 001010=9.5 001011=9.2 001020=9 001021=8.4 "
            + "001100=9.3 001101=9.2 001110=8.9 001111=8.1 001120=8.1 001121=6.5 001200=8.8 001201=8 "
            + "001210=7.8 001211=7 001220=6.9 001221=4.8 002001=9.2 002011=8.2 002021=7.2 002101=7.9 "
            + "002111=6.9 002121=5 002201=6.9 002211=5.5 002221=2.7 010000=9.9 010001=9.7 010010=9.5 "
            + "010011=9.2 010020=9.2 010021=8.5 010100=9.5 010101=9.1 010110=9 010111=8.3 010120=8.4 "
            + "010121=7.1 010200=9.2 010201=8.1 010210=8.2 010211=7.1 010220=7.2 010221=5.3 011000=9.5 "
            + "011001=9.3 011010=9.2 011011=8.5 011020=8.5 011021=7.3 011100=9.2 011101=8.2 011110=8 "
            + "011111=7.2 011120=7 011121=5.9 011200=8.4 011201=7 011210=7.1 011211=5.2 011220=5 "
            + "011221=3 012001=8.6 012011=7.5 012021=5.2 012101=7.1 012111=5.2 012121=2.9 012201=6.3 "
            + "012211=2.9 012221=1.7 100000=9.8 100001=9.5 100010=9.4 100011=8.7 100020=9.1 100021=8.1 "
            + "100100=9.4 100101=8.9 100110=8.6 100111=7.4 100120=7.7 100121=6.4 100200=8.7 100201=7.5 "
            + "100210=7.4 100211=6.3 100220=6.3 100221=4.9 101000=9.4 101001=8.9 101010=8.8 101011=7.7 "
            + "101020=7.6 101021=6.7 101100=8.6 101101=7.6 101110=7.4 101111=5.8 101120=5.9 101121=5 "
            + "101200=7.2 101201=5.7 101210=5.7 101211=5.2 101220=5.2 101221=2.5 102001=8.3 102011=7 "
            + "102021=5.4 102101=6.5 102111=5.8 102121=2.6 102201=5.3 102211=2.1 102221=1.3 110000=9.5 "
            + "110001=9 110010=8.8 110011=7.6 110020=7.6 110021=7 110100=9 110101=7.7 110110=7.5 "
            + "110111=6.2 110120=6.1 110121=5.3 110200=7.7 110201=6.6 110210=6.8 110211=5.9 110220=5.2 "
            + "110221=3 111000=8.9 111001=7.8 111010=7.6 111011=6.7 111020=6.2 111021=5.8 111100=7.4 "
            + "111101=5.9 111110=5.7 111111=5.7 111120=4.7 111121=2.3 111200=6.1 111201=5.2 111210=5.7 "
            + "111211=2.9 111220=2.4 111221=1.6 112001=7.1 112011=5.9 112021=3 112101=5.8 112111=2.6 "
            + "112121=1.5 112201=2.3 112211=1.3 112221=0.6 200000=9.3 200001=8.7 200010=8.6 200011=7.2 "
            + "200020=7.5 200021=5.8 200100=8.6 200101=7.4 200110=7.4 200111=6.1 200120=5.6 200121=3.4 "
            + "200200=7 200201=5.4 200210=5.2 200211=4 200220=4 200221=2.2 201000=8.5 201001=7.5 "
            + "201010=7.4 201011=5.5 201020=6.2 201021=5.1 201100=7.2 201101=5.7 201110=5.5 201111=4.1 "
            + "201120=4.6 201121=1.9 201200=5.3 201201=3.6 201210=3.4 201211=1.9 201220=1.9 201221=0.8 "
            + "202001=6.4 202011=5.1 202021=2 202101=4.7 202111=2.1 202121=1.1 202201=2.4 202211=0.9 "
            + "202221=0.4 210000=8.8 210001=7.5 210010=7.3 210011=5.3 210020=6 210021=5 210100=7.3 "
            + "210101=5.5 210110=5.9 210111=4 210120=4.1 210121=2 210200=5.4 210201=4.3 210210=4.5 "
            + "210211=2.2 210220=2 210221=1.1 211000=7.5 211001=5.5 211010=5.8 211011=4.5 211020=4 "
            + "211021=2.1 211100=6.1 211101=5.1 211110=4.8 211111=1.8 211120=2 211121=0.9 211200=4.6 "
            + "211201=1.8 211210=1.7 211211=0.7 211220=0.8 211221=0.2 212001=5.3 212011=2.4 212021=1.4 "
            + "212101=2.4 212111=1.2 212121=0.5 212201=1 212211=0.3 212221=0.1 ";
        for (String entry : table.strip().split(" ")) {
            int eq = entry.indexOf('=');
            LOOKUP.put(entry.substring(0, eq), Double.parseDouble(entry.substring(eq + 1)));
        }
    }

    /** Highest-severity vectors of each EQ level (specification §8.2, "max_composed"). */
    private static final Map<String, List<String>> MAX_EQ1 = Map.of(
            "0", List.of("AV:N/PR:N/UI:N/"),
            "1", List.of("AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"),
            "2", List.of("AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"));
    private static final Map<String, List<String>> MAX_EQ2 = Map.of(
            "0", List.of("AC:L/AT:N/"),
            "1", List.of("AC:H/AT:N/", "AC:L/AT:P/"));
    private static final Map<String, List<String>> MAX_EQ3_EQ6 = Map.of(
            "00", List.of("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"),
            "01", List.of("VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"),
            "10", List.of("VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"),
            "11", List.of("VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
                    "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
                    "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"),
            "21", List.of("VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"));
    private static final Map<String, List<String>> MAX_EQ4 = Map.of(
            "0", List.of("SC:H/SI:S/SA:S/"),
            "1", List.of("SC:H/SI:H/SA:H/"),
            "2", List.of("SC:L/SI:L/SA:L/"));
    private static final Map<String, List<String>> MAX_EQ5 = Map.of(
            "0", List.of("E:A/"), "1", List.of("E:P/"), "2", List.of("E:U/"));

    /** Depth of each EQ level in severity steps (specification §8.2, "max_severity"). */
    private static final double[] DEPTH_EQ1 = {1, 4, 5};
    private static final double[] DEPTH_EQ2 = {1, 2};
    private static final double[][] DEPTH_EQ3_EQ6 = {{7, 6}, {8, 8}, {Double.NaN, 10}};
    private static final double[] DEPTH_EQ4 = {6, 5, 4};

    private static final String[] DISTANCE_METRICS =
        {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"};

    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("AV", "NALP"), Map.entry("AC", "LH"), Map.entry("AT", "NP"), Map.entry("PR", "NLH"),
            Map.entry("UI", "NPA"), Map.entry("VC", "HLN"), Map.entry("VI", "HLN"), Map.entry("VA", "HLN"),
            Map.entry("SC", "HLN"), Map.entry("SI", "HLN"), Map.entry("SA", "HLN"), Map.entry("E", "XAPU"),
            Map.entry("CR", "XHML"), Map.entry("IR", "XHML"), Map.entry("AR", "XHML"),
            Map.entry("MAV", "XNALP"), Map.entry("MAC", "XLH"), Map.entry("MAT", "XNP"),
            Map.entry("MPR", "XNLH"), Map.entry("MUI", "XNPA"), Map.entry("MVC", "XHLN"),
            Map.entry("MVI", "XHLN"), Map.entry("MVA", "XHLN"), Map.entry("MSC", "XHLN"),
            Map.entry("MSI", "XSHLN"), Map.entry("MSA", "XSHLN"));

    private static final List<String> BASE = List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");

    static OptionalDouble score(Map<String, String> m) {
        for (String b : BASE) {
            if (!m.containsKey(b)) {
                return OptionalDouble.empty();
            }
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            String allowed = ALLOWED.get(e.getKey());
            // Supplemental metrics (S, AU, R, V, RE, U) do not affect the score and are not checked.
            if (allowed != null && (e.getValue().length() != 1 || allowed.indexOf(e.getValue().charAt(0)) < 0)) {
                return OptionalDouble.empty();
            }
        }
        String[] names = {"VC", "VI", "VA", "SC", "SI", "SA"};
        boolean noImpact = true;
        for (String n : names) {
            noImpact &= val(m, n).equals("N");
        }
        if (noImpact) {
            return OptionalDouble.of(0.0);
        }
        int eq1 = eq1(m);
        int eq2 = val(m, "AC").equals("L") && val(m, "AT").equals("N") ? 0 : 1;
        int eq3 = val(m, "VC").equals("H") && val(m, "VI").equals("H") ? 0
                : (val(m, "VC").equals("H") || val(m, "VI").equals("H") || val(m, "VA").equals("H")) ? 1 : 2;
        int eq4 = val(m, "MSI").equals("S") || val(m, "MSA").equals("S") ? 0
                : (val(m, "SC").equals("H") || val(m, "SI").equals("H") || val(m, "SA").equals("H")) ? 1 : 2;
        int eq5 = switch (val(m, "E")) {
            case "A" -> 0;
            case "P" -> 1;
            default -> 2;
        };
        int eq6 = (val(m, "CR").equals("H") && val(m, "VC").equals("H"))
                || (val(m, "IR").equals("H") && val(m, "VI").equals("H"))
                || (val(m, "AR").equals("H") && val(m, "VA").equals("H")) ? 0 : 1;
        double value = LOOKUP.get(key(eq1, eq2, eq3, eq4, eq5, eq6));

        double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        double lowerEq36;
        if (eq3 == 0 && eq6 == 0) {
            // Two lower neighbours: the higher-scoring one, with the reference calculator's NaN handling.
            double left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
            double right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
            lowerEq36 = left > right ? left : right;
        } else if (eq3 == 1 && eq6 == 0) {
            lowerEq36 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
        } else {
            lowerEq36 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
        }
        double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // Severity distances to the first highest-severity vector that the vector does not exceed.
        Map<String, Double> distance = null;
        outer:
        for (String a : MAX_EQ1.get(Integer.toString(eq1))) {
            for (String b : MAX_EQ2.get(Integer.toString(eq2))) {
                for (String c : MAX_EQ3_EQ6.get("" + eq3 + eq6)) {
                    for (String d : MAX_EQ4.get(Integer.toString(eq4))) {
                        for (String e : MAX_EQ5.get(Integer.toString(eq5))) {
                            Map<String, String> max = Cvss.metrics((a + b + c + d + e).replaceAll("/$", ""));
                            Map<String, Double> dist = new HashMap<>();
                            boolean negative = false;
                            for (String metric : DISTANCE_METRICS) {
                                double dd = level(metric, val(m, metric)) - level(metric, max.get(metric));
                                negative |= dd < 0;
                                dist.put(metric, dd);
                            }
                            distance = dist;
                            if (!negative) {
                                break outer;
                            }
                        }
                    }
                }
            }
        }
        double cur1 = distance.get("AV") + distance.get("PR") + distance.get("UI");
        double cur2 = distance.get("AC") + distance.get("AT");
        double cur36 = distance.get("VC") + distance.get("VI") + distance.get("VA")
                + distance.get("CR") + distance.get("IR") + distance.get("AR");
        double cur4 = distance.get("SC") + distance.get("SI") + distance.get("SA");
        double step = 0.1;
        double[] available = {value - lowerEq1, value - lowerEq2, value - lowerEq36, value - lowerEq4, value - lowerEq5};
        double[] depth = {DEPTH_EQ1[eq1] * step, DEPTH_EQ2[eq2] * step, DEPTH_EQ3_EQ6[eq3][eq6] * step,
            DEPTH_EQ4[eq4] * step, 1};
        double[] current = {cur1, cur2, cur36, cur4, 0};
        int existing = 0;
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            if (!Double.isNaN(available[i])) {
                existing++;
                sum += available[i] * (current[i] / depth[i]);
            }
        }
        double mean = existing == 0 ? 0 : sum / existing;
        double result = Math.max(0, Math.min(10, value - mean));
        // Round half up at one decimal, lifted by an epsilon so float noise just below x.x5 rounds
        // up as the specification's reference implementation does.
        return OptionalDouble.of(Math.round((result + 1e-6) * 10) / 10.0);
    }

    private static int eq1(Map<String, String> m) {
        String av = val(m, "AV");
        String pr = val(m, "PR");
        String ui = val(m, "UI");
        if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
            return 0;
        }
        if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
            return 1;
        }
        return 2;
    }

    private static String key(int... eqs) {
        StringBuilder sb = new StringBuilder(6);
        for (int e : eqs) {
            sb.append(e);
        }
        return sb.toString();
    }

    private static double lookup(int... eqs) {
        Double d = LOOKUP.get(key(eqs));
        return d == null ? Double.NaN : d;
    }

    /** The effective value of a metric: modified metrics override, X defaults as the spec says. */
    private static String val(Map<String, String> m, String metric) {
        String selected = m.getOrDefault(metric, "X");
        if (metric.equals("E") && selected.equals("X")) {
            return "A";
        }
        if ((metric.equals("CR") || metric.equals("IR") || metric.equals("AR")) && selected.equals("X")) {
            return "H";
        }
        String modified = m.get("M" + metric);
        if (modified != null && !modified.equals("X")) {
            return modified;
        }
        return selected;
    }

    /** Severity level of a metric value in steps of 0.1 (0 = most severe). */
    private static double level(String metric, String value) {
        String order = switch (metric) {
            case "AV" -> "NALP";
            case "PR", "VC", "VI", "VA", "CR", "IR", "AR" -> metric.equals("PR") ? "NLH" : metric.endsWith("R") ? "HML" : "HLN";
            case "UI" -> "NPA";
            case "AC" -> "LH";
            case "AT" -> "NP";
            case "SC" -> "_HLN";
            default -> "SHLN";
        };
        return order.indexOf(value.charAt(0)) / 10.0;
    }
}
