package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.Severity;
import dev.tarsier.vulndb.internal.enrich.Rating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds the advisories that matched one package into one finding per vulnerability: two matches
 * belong together when their id sets (record id plus aliases) share an id, transitively
 * (a GHSA record aliasing CVE-1 and a Debian record for CVE-1 are one vulnerability).
 *
 * <p>The folded finding is reported under a CVE id when the group has one (the lowest), otherwise
 * under the lowest record id; every other id is an alias. The rating is the group's best by
 * {@link Rating#betterThan} (the resolution order first, then the higher {@link Severity}); fixed
 * versions are the union.
 */
public final class AliasFolder {

    /** One advisory that matched the package. */
    public record Match(String id, List<String> aliases, Optional<Rating> rating,
                        List<String> fixedVersions, Optional<String> summary) {
    }

    /** One folded vulnerability. */
    public record Folded(String id, List<String> aliases, Optional<Rating> rating,
                         Set<String> fixedVersions, Optional<String> summary) {
    }

    private AliasFolder() {
    }

    /** Folds matches; the result is sorted by id. */
    public static List<Folded> fold(List<Match> matches) {
        int n = matches.size();
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            // The common case: nothing to fold.
            Match m = matches.get(0);
            String id = m.id();
            List<String> aliases = m.aliases();
            if (!id.startsWith("CVE-")) {
                for (String a : m.aliases()) {
                    if (a.startsWith("CVE-")) {
                        TreeSet<String> ids = new TreeSet<>(m.aliases());
                        ids.add(m.id());
                        id = ids.stream().filter(s -> s.startsWith("CVE-")).findFirst().orElseThrow();
                        ids.remove(id);
                        aliases = List.copyOf(ids);
                        break;
                    }
                }
            }
            return List.of(new Folded(id, aliases, m.rating(), new LinkedHashSet<>(m.fixedVersions()), m.summary()));
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Match m = matches.get(i);
            List<String> ids = new ArrayList<>(m.aliases());
            ids.add(m.id());
            for (String id : ids) {
                Integer o = owner.putIfAbsent(id, i);
                if (o != null) {
                    union(parent, o, i);
                }
            }
        }
        Map<Integer, List<Match>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(matches.get(i));
        }
        List<Folded> out = new ArrayList<>();
        for (List<Match> g : groups.values()) {
            TreeSet<String> ids = new TreeSet<>();
            Optional<Rating> best = Optional.empty();
            Set<String> fixed = new LinkedHashSet<>();
            for (Match m : g) {
                ids.add(m.id());
                ids.addAll(m.aliases());
                fixed.addAll(m.fixedVersions());
                if (m.rating().isPresent() && (best.isEmpty() || m.rating().get().betterThan(best.get()))) {
                    best = m.rating();
                }
            }
            String id = ids.stream().filter(s -> s.startsWith("CVE-")).findFirst().orElse(ids.first());
            ids.remove(id);
            Optional<String> summary = g.stream().filter(m -> m.id().equals(id) && m.summary().isPresent())
                    .map(Match::summary).findFirst()
                    .orElse(g.stream().map(Match::summary).filter(Optional::isPresent).map(Optional::get).sorted().findFirst());
            out.add(new Folded(id, List.copyOf(ids), best, fixed, summary));
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
