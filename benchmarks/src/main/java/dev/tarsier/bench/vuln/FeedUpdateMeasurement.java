package dev.tarsier.bench.vuln;

import com.sun.net.httpserver.HttpServer;
import dev.tarsier.vulndb.VulnerabilityDatabaseUpdater;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A repeatable measurement (not a JMH benchmark: one run is minutes of I/O) of a full
 * {@code db update} over a corpus the size of the real feeds, served from a local HTTP server in
 * their real URL layouts: 600,000 OSV records in per-ecosystem {@code all.zip} exports (osv.dev
 * held about that many in 2026), 25 NVD yearly feeds with 250,000 CVEs and their {@code .meta}, a
 * 1,400-entry KEV catalog and 270,000 EPSS rows. Prints the wall time and the peak heap after
 * collections of the first update (download + compile everything) and of a second one (every feed
 * unchanged).
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.tarsier.bench.vuln.FeedUpdateMeasurement [OSV_RECORDS] [NVD_CVES]
 * </pre>
 */
public final class FeedUpdateMeasurement {

    private static final String[] ECOSYSTEMS = {"Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Red Hat",
        "Wolfi", "Chainguard", "Maven", "npm", "PyPI"};
    /** Share of the records per ecosystem, roughly as osv.dev's exports. */
    private static final int[] SHARE = {12, 10, 3, 2, 2, 8, 3, 3, 10, 30, 17};
    private static final int FIRST_YEAR = 2002;
    private static final int LAST_YEAR = 2026;

    private FeedUpdateMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 600_000;
        int cves = args.length > 1 ? Integer.parseInt(args[1]) : 250_000;
        Path root = Files.createTempDirectory("tarsier-feeds");
        long t0 = System.nanoTime();
        writeCorpus(root, records, cves);
        System.out.printf(Locale.ROOT, "corpus: %d OSV records, %d NVD CVEs, written in %d s (%d MiB on disk)%n",
                records, cves, (System.nanoTime() - t0) / 1_000_000_000L, size(root) >> 20);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                Path f = root.resolve("www").resolve(ex.getRequestURI().getPath().substring(1));
                if (!Files.isRegularFile(f)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                String etag = "\"" + Files.size(f) + "-" + Files.getLastModifiedTime(f).toMillis() + "\"";
                ex.getResponseHeaders().set("ETag", etag);
                if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                ex.sendResponseHeaders(200, Files.size(f));
                try (OutputStream out = ex.getResponseBody()) {
                    Files.copy(f, out);
                }
            }
        });
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(2);
        server.setExecutor(pool);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        VulnerabilityDatabaseUpdater updater = VulnerabilityDatabaseUpdater.builder()
                .cacheDir(root.resolve("cache"))
                .osvUrl(URI.create(base + "/osv")).ecosystems(List.of(ECOSYSTEMS))
                .nvdUrl(URI.create(base + "/nvd")).nvdYears(FIRST_YEAR, LAST_YEAR)
                .kevUrl(URI.create(base + "/kev.json")).epssUrl(URI.create(base + "/epss.csv.gz"))
                .nodejsUrl(null)
                .build();
        Path db = root.resolve("tarsier.db");
        try {
            for (String run : new String[] {"first update (everything downloaded and compiled)",
                "second update (every feed unchanged)"}) {
                resetPeaks();
                long start = System.nanoTime();
                VulnerabilityDatabaseUpdater.Result r = updater.update(db);
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(Locale.ROOT, "%s: %.1f s, peak heap after GC %d MiB, peak heap %d MiB (max %d MiB); "
                                + "rebuilt=%s, %d advisories, %d CVE records, %d MiB DB%n", run, ms / 1000.0,
                        peakAfterGc() >> 20, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20, r.rebuilt(),
                        r.info().advisories(), r.info().cves(), r.info().fileSize() >> 20);
            }
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static void writeCorpus(Path root, int records, int cves) throws Exception {
        Path www = root.resolve("www");
        Random random = new Random(42);
        int total = 0;
        for (int s : SHARE) {
            total += s;
        }
        int next = 0;
        for (int e = 0; e < ECOSYSTEMS.length; e++) {
            int n = records * SHARE[e] / total;
            Path zip = www.resolve("osv").resolve(ECOSYSTEMS[e]).resolve("all.zip");
            Files.createDirectories(zip.getParent());
            try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                for (int i = 0; i < n; i++, next++) {
                    String id = ECOSYSTEMS[e].replace(' ', '-').toUpperCase(Locale.ROOT) + "-" + next;
                    out.putNextEntry(new ZipEntry(id + ".json"));
                    w.write(osv(id, ECOSYSTEMS[e], cve(next % cves), random));
                    w.flush();
                    out.closeEntry();
                }
            }
        }
        Path nvd = www.resolve("nvd");
        Files.createDirectories(nvd);
        int perYear = cves / (LAST_YEAR - FIRST_YEAR + 1);
        int c = 0;
        for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            Path gz = nvd.resolve("nvdcve-2.0-" + y + ".json.gz");
            try (OutputStream file = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(gz), 1 << 16), 1 << 16)) {
                List<String> parts = new ArrayList<>();
                parts.add("{\"resultsPerPage\":" + perYear + ",\"startIndex\":0,\"totalResults\":" + perYear
                        + ",\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"timestamp\":\"2026-12-05T08:00:01.000\",\"vulnerabilities\":[");
                for (String p : parts) {
                    byte[] b = p.getBytes(StandardCharsets.UTF_8);
                    file.write(b);
                    sha.update(b);
                    size += b.length;
                }
                for (int i = 0; i < perYear; i++, c++) {
                    byte[] b = ((i == 0 ? "" : ",") + "{\"cve\":" + nvdCve(cve(c), random) + "}").getBytes(StandardCharsets.UTF_8);
                    file.write(b);
                    sha.update(b);
                    size += b.length;
                }
                byte[] end = "]}".getBytes(StandardCharsets.UTF_8);
                file.write(end);
                sha.update(end);
                size += end.length;
            }
            Files.writeString(nvd.resolve("nvdcve-2.0-" + y + ".meta"), "lastModifiedDate:2026-12-05T03:00:01-05:00\r\nsize:"
                    + size + "\r\nzipSize:0\r\ngzSize:" + Files.size(gz) + "\r\nsha256:"
                    + HexFormat.of().withUpperCase().formatHex(sha.digest()) + "\r\n");
        }
        byte[] empty = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[]}".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(nvd.resolve("nvdcve-2.0-modified.json.gz")))) {
            out.write(empty);
        }
        Files.writeString(nvd.resolve("nvdcve-2.0-modified.meta"), "lastModifiedDate:2026-12-05T03:00:01-05:00\r\nsize:"
                + empty.length + "\r\nsha256:" + HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(empty)) + "\r\n");
        StringBuilder kev = new StringBuilder("{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\","
                + "\"catalogVersion\":\"2026.12.04\",\"dateReleased\":\"2026-12-04T17:01:03.1234Z\",\"count\":1400,"
                + "\"vulnerabilities\":[");
        for (int i = 0; i < 1400; i++) {
            kev.append(i == 0 ? "" : ",").append("{\"cveID\":\"").append(cve(i * 97 % cves))
                    .append("\",\"vendorProject\":\"Vendor\",\"product\":\"Product\",\"vulnerabilityName\":\"Name\","
                            + "\"dateAdded\":\"2024-01-0").append(1 + i % 9).append("\",\"shortDescription\":\"d\","
                            + "\"requiredAction\":\"a\",\"dueDate\":\"2024-02-01\",\"knownRansomwareCampaignUse\":\"Unknown\","
                            + "\"notes\":\"\",\"cwes\":[]}");
        }
        Files.writeString(www.resolve("kev.json"), kev.append("]}"));
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(www.resolve("epss.csv.gz"))),
                StandardCharsets.UTF_8)) {
            w.write("#model_version:v2025.03.14,score_date:2026-12-05T00:00:00+0000\ncve,epss,percentile\n");
            for (int i = 0; i < 270_000; i++) {
                double score = Math.pow(random.nextDouble(), 8);
                w.write(cve(i) + "," + String.format(Locale.ROOT, "%.5f,%.5f", score, Math.min(1, score * 3)) + "\n");
            }
        }
    }

    private static String cve(int n) {
        return "CVE-" + (FIRST_YEAR + n % (LAST_YEAR - FIRST_YEAR + 1)) + "-" + (10_000 + n);
    }

    private static String osv(String id, String ecosystem, String cve, Random r) {
        boolean distro = !List.of("Maven", "npm", "PyPI").contains(ecosystem);
        String eco = switch (ecosystem) {
            case "Debian" -> "Debian:" + (10 + r.nextInt(4));
            case "Ubuntu" -> "Ubuntu:22.04:LTS";
            case "Alpine" -> "Alpine:v3." + (15 + r.nextInt(6));
            case "AlmaLinux", "Rocky Linux" -> ecosystem + ":" + (8 + r.nextInt(2));
            case "Red Hat" -> "Red Hat:enterprise_linux:9::appstream";
            default -> ecosystem;
        };
        String pkg = (ecosystem.equals("Maven") ? "org.example" + r.nextInt(500) + ":lib" : "pkg") + r.nextInt(20_000);
        int major = r.nextInt(5);
        StringBuilder versions = new StringBuilder();
        if (ecosystem.equals("Maven") || ecosystem.equals("PyPI")) {
            for (int i = 0; i < 12; i++) {
                versions.append(i == 0 ? "" : ",").append('"').append(major).append('.').append(i).append(".0\"");
            }
        }
        return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-11-0" + (1 + r.nextInt(9))
                + "T10:00:00Z\",\"published\":\"2024-05-01T00:00:00Z\",\"aliases\":[\"" + cve + "\"],"
                + "\"summary\":\"" + words(r, 10) + "\",\"details\":\"" + words(r, 60) + "\","
                + (distro ? "" : "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],")
                + "\"affected\":[{\"package\":{\"ecosystem\":\"" + eco + "\",\"name\":\"" + pkg + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + major + "."
                + (1 + r.nextInt(30)) + ".0" + (distro ? "-1" : "") + "\"}]}],\"versions\":[" + versions + "]"
                + (ecosystem.equals("Debian") ? ",\"ecosystem_specific\":{\"urgency\":\"medium\"}" : "") + "}],"
                + "\"references\":[{\"type\":\"ADVISORY\",\"url\":\"https://security.example.org/" + id + "\"},"
                + "{\"type\":\"WEB\",\"url\":\"https://nvd.nist.gov/vuln/detail/" + cve + "\"}]}";
    }

    private static String nvdCve(String id, Random r) {
        String[] vectors = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"};
        String vector = vectors[r.nextInt(vectors.length)];
        return "{\"id\":\"" + id + "\",\"sourceIdentifier\":\"cve@mitre.org\",\"published\":\"2024-05-01T00:15:07.683\","
                + "\"lastModified\":\"2024-06-01T14:15:26.570\",\"vulnStatus\":\"Analyzed\",\"cveTags\":[],"
                + "\"descriptions\":[{\"lang\":\"en\",\"value\":\"" + words(r, 50) + "\"}],"
                + "\"metrics\":{\"cvssMetricV31\":[{\"source\":\"nvd@nist.gov\",\"type\":\"Primary\",\"cvssData\":"
                + "{\"version\":\"3.1\",\"vectorString\":\"" + vector + "\",\"baseScore\":7.5,\"baseSeverity\":\"HIGH\","
                + "\"attackVector\":\"NETWORK\",\"attackComplexity\":\"LOW\",\"privilegesRequired\":\"NONE\","
                + "\"userInteraction\":\"NONE\",\"scope\":\"UNCHANGED\",\"confidentialityImpact\":\"HIGH\","
                + "\"integrityImpact\":\"HIGH\",\"availabilityImpact\":\"HIGH\"},\"exploitabilityScore\":3.9,"
                + "\"impactScore\":5.9}]},\"weaknesses\":[{\"source\":\"nvd@nist.gov\",\"type\":\"Primary\","
                + "\"description\":[{\"lang\":\"en\",\"value\":\"CWE-787\"}]}],"
                + "\"configurations\":[{\"nodes\":[{\"operator\":\"OR\",\"negate\":false,\"cpeMatch\":[{\"vulnerable\":true,"
                + "\"criteria\":\"cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"2.4.1\","
                + "\"matchCriteriaId\":\"0D1A1A4A-0000-4000-8000-000000000000\"}]}]}],"
                + "\"references\":[{\"url\":\"https://example.org/advisories/" + id + "\",\"source\":\"cve@mitre.org\"}]}";
    }

    private static final String[] WORDS = ("a remote attacker could crafted request overflow heap buffer denial "
            + "service memory leak injection parser validation certificate race condition privilege escalation "
            + "arbitrary code execution via function module component library before allows cause crash").split(" ");

    private static String words(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private static long size(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    /** The largest heap in use right after a collection since the last reset. */
    private static final java.util.concurrent.atomic.AtomicLong AFTER_GC = new java.util.concurrent.atomic.AtomicLong();

    static {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management.GarbageCollectionNotificationInfo
                        .from((javax.management.openmbean.CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> HEAP_POOLS.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                AFTER_GC.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        AFTER_GC.set(0);
    }

    /** The largest heap (the heap pools only) in use right after a collection. */
    private static long peakAfterGc() {
        return AFTER_GC.get();
    }

    /** The sum of the heap pools' peaks (an upper bound of the peak heap: pools peak at different times). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
