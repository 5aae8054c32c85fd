package dev.tarsier.cli;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.core.ProxyEnvironment;
import dev.tarsier.vulndb.VulnerabilityDatabase;
import dev.tarsier.vulndb.VulnerabilityDatabaseUpdater;
import dev.tarsier.vulndb.VulnerabilityDatabaseUpdater.FeedStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code tarsier db update}: the database from the public feeds, or from a registry with
 * {@code --from}. Exit codes: 0 updated or already current, 2 bad usage, a failed feed or an
 * unusable registry artifact (the previous database is then left as it was), 3 internal error.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Download the public vulnerability feeds (osv.dev, NVD, CISA KEV, FIRST EPSS, Node.js WG) "
                + "and compile the database; unchanged feeds are neither downloaded nor parsed again.",
            "Without --db the database is $TARSIER_CACHE_DIR/db/tarsier.db (cache dir default "
                + "$XDG_CACHE_HOME/tarsier, else ~/.cache/tarsier); scan and db info use it when --db is not given."},
        footer = {"", "A URL option set to 'none' leaves that feed out. Proxies: HTTPS_PROXY, HTTP_PROXY, NO_PROXY."})
final class DbUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", description = "database file to write (default: in the cache dir)")
    Path db;

    @Option(names = "--ecosystems", paramLabel = "A,B,...", split = ",",
            description = "OSV ecosystems as osv.dev spells them (default: every ecosystem Tarsier matches: "
                    + "AlmaLinux, Alpine, Chainguard, crates.io, Debian, Go, Maven, npm, PyPI, Red Hat, Rocky Linux, Ubuntu, Wolfi)")
    List<String> ecosystems;

    @Option(names = "--osv-url", paramLabel = "BASE", description = "osv.dev export base URL, BASE/<ECOSYSTEM>/all.zip")
    String osvUrl;

    @Option(names = "--nvd-url", paramLabel = "BASE", description = "NVD CVE 2.0 feed folder, BASE/nvdcve-2.0-YYYY.json.gz")
    String nvdUrl;

    @Option(names = "--nvd-years", paramLabel = "FROM-TO", description = "NVD yearly feeds to fetch (default 2002 to this year)")
    String nvdYears;

    @Option(names = "--kev-url", paramLabel = "URL", description = "CISA Known Exploited Vulnerabilities catalog (JSON)")
    String kevUrl;

    @Option(names = "--epss-url", paramLabel = "URL", description = "FIRST EPSS daily scores (CSV, optionally .gz)")
    String epssUrl;

    @Option(names = "--nodejs-url", paramLabel = "URL", description = "Node.js security WG core index (JSON)")
    String nodejsUrl;

    @Option(names = "--from", paramLabel = "registry:REF",
            description = "pull a database pushed with 'tarsier db push' instead of reading the feeds")
    String from;

    @picocli.CommandLine.Mixin
    DbArtifactCommands.RegistryFlags registry;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "cache folder (default $TARSIER_CACHE_DIR, else $XDG_CACHE_HOME/tarsier, else ~/.cache/tarsier); "
                    + "feeds are kept in DIR/feeds")
    Path cacheDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines on standard error")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = db != null ? db : VulnerabilityDatabase.defaultPath(System.getenv());
        if (from != null) {
            return DbArtifactCommands.pull(from, target, registry.insecureRegistries, registry.registryCa, out, err);
        }
        VulnerabilityDatabaseUpdater updater;
        try {
            VulnerabilityDatabaseUpdater.Builder b = VulnerabilityDatabaseUpdater.builder()
                    .cacheDir((cacheDir != null ? cacheDir : VulnerabilityDatabase.defaultCacheDir(System.getenv()))
                            .resolve("feeds"));
            if (osvUrl != null) {
                b.osvUrl(url(osvUrl));
            }
            if (nvdUrl != null) {
                b.nvdUrl(url(nvdUrl));
            }
            if (kevUrl != null) {
                b.kevUrl(url(kevUrl));
            }
            if (epssUrl != null) {
                b.epssUrl(url(epssUrl));
            }
            if (nodejsUrl != null) {
                b.nodejsUrl(url(nodejsUrl));
            }
            if (ecosystems != null) {
                b.ecosystems(ecosystems.stream().map(String::strip).filter(e -> !e.isEmpty()).toList());
            }
            if (nvdYears != null) {
                String[] parts = nvdYears.split("-", 2);
                int first = Integer.parseInt(parts[0].strip());
                b.nvdYears(first, parts.length == 2 ? Integer.parseInt(parts[1].strip()) : first);
            }
            ProxyEnvironment.selector(System.getenv()).ifPresent(b::proxy);
            if (!quiet) {
                b.listener(new Progress(err));
            }
            updater = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("tarsier db update: " + e.getMessage());
            return Main.USAGE;
        }
        long start = System.nanoTime();
        VulnerabilityDatabaseUpdater.Result r;
        try {
            r = updater.update(target);
        } catch (VulnerabilityDatabaseUpdater.UpdateException e) {
            for (FeedStatus s : e.feeds()) {
                if (s.problem().isPresent()) {
                    err.println("tarsier db update: feed " + s.name() + " failed: " + s.problem().get());
                }
            }
            err.println("tarsier db update: " + e.feeds().stream().filter(s -> s.problem().isPresent()).count()
                    + " feeds failed; " + target + " was left as it was");
            return Main.USAGE;
        } catch (IOException e) {
            err.println("tarsier db update: " + e.getMessage());
            return Main.USAGE;
        }
        long warnings = r.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).count();
        long downloaded = r.feeds().stream().filter(s -> s.status().equals("downloaded")).count();
        out.printf(Locale.ROOT, "%s %s: %d feeds (%d downloaded, %d unchanged), %d advisories, %d CVEs "
                        + "(%d known exploited, %d with EPSS), %d bytes in %d ms%n",
                r.rebuilt() ? "updated" : "already current:", target, r.feeds().size(), downloaded,
                r.feeds().size() - downloaded, r.info().advisories(), r.info().cves(), r.info().knownExploited(),
                r.info().epss(), r.info().fileSize(), (System.nanoTime() - start) / 1_000_000);
        if (warnings > 0) {
            out.printf(Locale.ROOT, "skipped %d malformed records or files (run 'tarsier db build -v' on the "
                    + "cached feeds to see them)%n", warnings);
        }
        return Main.OK;
    }

    /** An absolute http(s) URL, or null for "none" (that feed is left out). */
    private static URI url(String value) {
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        URI u = URI.create(value.strip());
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not an http(s) URL: " + value);
        }
        return u;
    }

    /** A line on standard error for downloads that take a while, at most every two seconds per feed. */
    private static final class Progress implements VulnerabilityDatabaseUpdater.Listener {
        private static final long EVERY_NANOS = 2_000_000_000L;
        private final PrintWriter err;
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Map<String, Long> lastLine = new ConcurrentHashMap<>();

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void feedStarted(String feed, URI url) {
            started.put(feed, System.nanoTime());
            lastLine.remove(feed);
        }

        @Override
        public void feedProgress(String feed, long bytes, long total) {
            long now = System.nanoTime();
            long since = now - started.getOrDefault(feed, now);
            Long last = lastLine.get(feed);
            if (since >= EVERY_NANOS && (last == null || now - last >= EVERY_NANOS)) {
                lastLine.put(feed, now);
                synchronized (err) {
                    err.printf(Locale.ROOT, "downloading %s: %.1f MiB%s%n", feed, bytes / 1048576.0,
                            total > 0 ? String.format(Locale.ROOT, " of %.1f MiB", total / 1048576.0) : "");
                    err.flush();
                }
            }
        }

        @Override
        public void feedRetry(String feed, int attempt, Duration wait, String reason) {
            synchronized (err) {
                err.printf(Locale.ROOT, "%s: attempt %d failed (%s); retrying in %d ms%n", feed, attempt, reason,
                        wait.toMillis());
                err.flush();
            }
        }
    }
}
