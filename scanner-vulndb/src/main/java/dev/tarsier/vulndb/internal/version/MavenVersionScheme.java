package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import dev.tarsier.api.spi.Version;
import dev.tarsier.api.spi.VersionScheme;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maven version ordering as Maven's own {@code ComparableVersion} (maven-artifact 3.9/3.10)
 * computes it; the rules are those of the POM reference's "Version Order Specification", plus
 * that implementation's refinements.
 *
 * <p>The version is lower-cased and split into items at {@code .}, at {@code -} and at every
 * transition between digits and letters; a {@code -} and a transition open a nested list. Items
 * are numbers, qualifiers, qualifier-number combinations ({@code rc1}, also written {@code rc-1})
 * and nested lists. Qualifiers order
 * {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp}, unknown
 * qualifiers after those, among themselves lexically; {@code a1}, {@code b1}, {@code m1} mean
 * alpha, beta, milestone. Trailing "null" items ({@code 0}, the empty qualifier, empty lists)
 * are dropped, so {@code 1.0.0 = 1}; {@code ga}, {@code final} and {@code release} are that empty
 * qualifier, as in maven-artifact 3.9 (Maven 4's ComparableVersionTest keeps them as items of the same
 * order, MNG-7714, which orders {@code 1.0.final-redhat} before {@code 1.0-sp1-redhat}; not followed:
 * the advisories of the Maven ecosystem are written against Maven 3). Only ASCII digits form numbers. Padding compares each remaining item against nothing: a
 * number above zero or an unknown qualifier is newer than nothing, {@code rc} is older.
 *
 * <p>Maven accepts every string, so the only rejected input is the empty string. Where osv-scalibr's
 * generated vectors disagree with Maven (19 rows of the shared fixtures), this scheme follows Maven:
 * the Maven ecosystem's advisories are written against what Maven resolves.
 */
public final class MavenVersionScheme implements VersionScheme {

    /** Scheme id. */
    public static final String ID = "maven";

    private static final int NUMBER = 0;
    private static final int STRING = 1;
    private static final int COMBINATION = 2;
    private static final int LIST = 3;

    private static final int RELEASE_RANK = 5;
    private static final int UNKNOWN_RANK = 7;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> ecosystems() {
        return Set.of("Maven");
    }

    @Override
    public Version parse(String text) throws InvalidVersionException {
        if (text.isEmpty() || text.isBlank()) {
            throw new InvalidVersionException(ID, text, "empty");
        }
        return new MavenVersion(text, parseItems(text.toLowerCase(Locale.ENGLISH)));
    }

    /** Builds the item tree; the grammar is the one described in the class comment. */
    private static Item parseItems(String v) {
        List<Object> root = new ArrayList<>();
        List<Object> list = root;
        Deque<List<Object>> stack = new ArrayDeque<>();
        stack.push(list);
        boolean isDigit = false;
        boolean isCombination = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                list.add(i == start ? Item.ZERO : item(isCombination, isDigit, v.substring(start, i)));
                isCombination = false;
                start = i + 1;
            } else if (c == '-') {
                if (i == start) {
                    list.add(Item.ZERO);
                } else {
                    // "rc-1" is the combination "rc1".
                    if (!isDigit && i != v.length() - 1 && isAsciiDigit(v.charAt(i + 1))) {
                        isCombination = true;
                        continue;
                    }
                    list.add(item(isCombination, isDigit, v.substring(start, i)));
                }
                start = i + 1;
                if (!list.isEmpty()) {
                    list = openList(list, stack);
                }
                isCombination = false;
            } else if (isAsciiDigit(c)) {
                if (!isDigit && i > start) {
                    isCombination = true;
                    if (!list.isEmpty()) {
                        list = openList(list, stack);
                    }
                }
                isDigit = true;
            } else {
                if (isDigit && i > start) {
                    list.add(item(isCombination, true, v.substring(start, i)));
                    start = i;
                    list = openList(list, stack);
                    isCombination = false;
                }
                isDigit = false;
            }
        }
        if (v.length() > start) {
            // A trailing qualifier after a dot is treated like one after a hyphen: 1.0.X1 < 1.0-X2.
            if (!isDigit && !list.isEmpty()) {
                list = openList(list, stack);
            }
            list.add(item(isCombination, isDigit, v.substring(start)));
        }
        // Innermost lists first, so a parent sees its children already normalised.
        while (!stack.isEmpty()) {
            normalize(stack.pop());
        }
        return freeze(root);
    }

    private static List<Object> openList(List<Object> parent, Deque<List<Object>> stack) {
        List<Object> child = new ArrayList<>();
        parent.add(child);
        stack.push(child);
        return child;
    }

    @SuppressWarnings("unchecked")
    private static Item freeze(List<Object> list) {
        Item[] items = new Item[list.size()];
        for (int i = 0; i < items.length; i++) {
            Object o = list.get(i);
            items[i] = o instanceof Item it ? it : freeze((List<Object>) o);
        }
        return Item.list(items);
    }

    /** Drops null items that carry no meaning before a qualifier or at the end of a list. */
    @SuppressWarnings("unchecked")
    private static void normalize(List<Object> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (!isNull(list.get(i))) {
                continue;
            }
            if (i == list.size() - 1) {
                list.remove(i);
                continue;
            }
            Object next = list.get(i + 1);
            if (next instanceof Item it && it.kind == STRING) {
                list.remove(i);
            } else if (next instanceof List<?> sub && !sub.isEmpty()) {
                Object first = ((List<Object>) sub).get(0);
                if (first instanceof Item f && (f.kind == COMBINATION || f.kind == STRING)) {
                    list.remove(i);
                }
            }
        }
    }

    /** Only ASCII digits make numbers (Maven's testNonAsciiDigits: Arabic-Indic digits are text). */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNull(Object o) {
        return o instanceof Item it ? it.isNull() : ((List<?>) o).isEmpty();
    }

    private static Item item(boolean combination, boolean digit, String buf) {
        if (combination) {
            String s = buf.replace("-", "");
            int d = 0;
            while (d < s.length() && !isAsciiDigit(s.charAt(d))) {
                d++;
            }
            return Item.combination(qualifier(s.substring(0, d), true), Item.number(s.substring(d)));
        } else if (digit) {
            return Item.number(buf);
        }
        return qualifier(buf, false);
    }

    private static Item qualifier(String value, boolean followedByDigit) {
        String q = value;
        if (followedByDigit && q.length() == 1) {
            switch (q.charAt(0)) {
                case 'a' -> q = "alpha";
                case 'b' -> q = "beta";
                case 'm' -> q = "milestone";
                default -> {
                }
            }
        }
        if (q.equals("cr")) {
            q = "rc";
        }
        int rank = switch (q) {
            case "alpha" -> 0;
            case "beta" -> 1;
            case "milestone" -> 2;
            case "rc" -> 3;
            case "snapshot" -> 4;
            case "", "ga", "final", "release" -> RELEASE_RANK;
            case "sp" -> 6;
            default -> UNKNOWN_RANK;
        };
        return Item.string(q, rank);
    }

    /** One node of the item tree. Immutable; compared without allocation. */
    private static final class Item {
        static final Item ZERO = number("0");

        final int kind;
        /** Number: digits without leading zeros ("0" for zero). String and combination: the qualifier. */
        final String text;
        /** Number: 0 int, 1 long, 2 big (Maven compares these classes before values). String: rank. */
        final int rank;
        /** Combination: the number part. */
        final Item number;
        /** List: the children. */
        final Item[] children;

        private Item(int kind, String text, int rank, Item number, Item[] children) {
            this.kind = kind;
            this.text = text;
            this.rank = rank;
            this.number = number;
            this.children = children;
        }

        static Item number(String digits) {
            int i = 0;
            while (i < digits.length() - 1 && digits.charAt(i) == '0') {
                i++;
            }
            String d = digits.isEmpty() ? "0" : digits.substring(i);
            // Maven keeps int (<= 9 digits), long (<= 18) and BigInteger items apart; a shorter
            // class always compares lower, which for normalised digits is numeric order anyway.
            int cls = d.length() <= 9 ? 0 : (d.length() <= 18 ? 1 : 2);
            return new Item(NUMBER, d, cls, null, null);
        }

        static Item string(String q, int rank) {
            return new Item(STRING, q, rank, null, null);
        }

        static Item combination(Item qualifier, Item number) {
            return new Item(COMBINATION, qualifier.text, qualifier.rank, number, null);
        }

        static Item list(Item[] children) {
            return new Item(LIST, null, 0, null, children);
        }

        boolean isNull() {
            return switch (kind) {
                case NUMBER -> text.equals("0");
                case STRING -> rank == RELEASE_RANK;
                case LIST -> children.length == 0;
                default -> false;
            };
        }

        /** Compares with another item, or with "nothing" when {@code o} is null. */
        int compareTo(Item o) {
            switch (kind) {
                case NUMBER:
                    if (o == null) {
                        return isNull() ? 0 : 1;
                    }
                    return o.kind == NUMBER ? compareNumbers(this, o) : 1;
                case STRING:
                    if (o == null) {
                        return compareQualifier(rank, text, RELEASE_RANK, "");
                    }
                    switch (o.kind) {
                        case STRING:
                            return compareQualifier(rank, text, o.rank, o.text);
                        case COMBINATION:
                            int r = compareQualifier(rank, text, o.rank, o.text);
                            return r == 0 ? -1 : r;
                        default:
                            return -1;
                    }
                case COMBINATION:
                    if (o == null) {
                        int q = compareQualifier(rank, text, RELEASE_RANK, "");
                        return q != 0 ? q : number.compareTo(null);
                    }
                    switch (o.kind) {
                        case STRING:
                            int r = compareQualifier(rank, text, o.rank, o.text);
                            return r == 0 ? 1 : r;
                        case COMBINATION:
                            int q = compareQualifier(rank, text, o.rank, o.text);
                            return q != 0 ? q : compareNumbers(number, o.number);
                        default:
                            return -1;
                    }
                default:
                    return compareList(o);
            }
        }

        private int compareList(Item o) {
            if (o == null) {
                for (Item child : children) {
                    int r = child.compareTo(null);
                    if (r != 0) {
                        return r;
                    }
                }
                return 0;
            }
            if (o.kind == NUMBER) {
                return -1;
            }
            if (o.kind != LIST) {
                return 1;
            }
            int n = Math.max(children.length, o.children.length);
            for (int i = 0; i < n; i++) {
                Item l = i < children.length ? children[i] : null;
                Item r = i < o.children.length ? o.children[i] : null;
                int c = l == null ? (r == null ? 0 : -r.compareTo(null)) : l.compareTo(r);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        private static int compareNumbers(Item a, Item b) {
            if (a.rank != b.rank) {
                return a.rank < b.rank ? -1 : 1;
            }
            if (a.text.length() != b.text.length()) {
                return a.text.length() < b.text.length() ? -1 : 1;
            }
            return Integer.signum(a.text.compareTo(b.text));
        }

        private static int compareQualifier(int rankA, String a, int rankB, String b) {
            if (rankA != rankB) {
                return rankA < rankB ? -1 : 1;
            }
            return rankA == UNKNOWN_RANK ? Integer.signum(a.compareTo(b)) : 0;
        }
    }

    /** A parsed Maven version. */
    static final class MavenVersion implements Version {
        private final String text;
        private final Item items;

        MavenVersion(String text, Item items) {
            this.text = text;
            this.items = items;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public int compareTo(Version o) {
            return items.compareTo(((MavenVersion) o).items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MavenVersion other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
