package dev.tarsier.fuzz;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.vulndb.VulnerabilityDatabaseBuilder;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, valid seed inputs per fuzz target, generated with the test kit's builders and hand-written
 * documents that follow each format's specification. {@link FuzzCampaign} writes them (and the real
 * files of {@code ../shared/fixtures}, when present) into each target's corpus before fuzzing; the
 * committed regression inputs under {@code src/test/resources/.../*Inputs/} started as these seeds.
 */
final class Seeds {

    private Seeds() {
    }

    /** Target ({@code Class#method}, simple class name) to seeds (file name to bytes). */
    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
        String dpkg = "Package: libssl3\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\n"
                + "Source: openssl (3.0.11-1~deb12u2)\nVersion: 3.0.11-1~deb12u2\nDescription: Secure Sockets Layer\n"
                + " toolkit - shared libraries\n .\n more\n\nPackage: tzdata\nStatus: deinstall ok config-files\n"
                + "Version: 2024a-0+deb12u1\n\nPackage: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n"
                + "Source: zlib\nArchitecture: amd64\n";
        put(out, "AnalyzerFuzzTest#dpkgStatus", "status", dpkg);
        put(out, "AnalyzerFuzzTest#dpkgStatusD", "libfuzz", "Package: libsqlite3-0\nVersion: 3.34.1-3\n"
                + "Architecture: arm64\nSource: sqlite3\n");
        String apk = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library\n"
                + "U:https://musl.libc.org/\nL:MIT\no:musl\nm:Timo\nt:1700000000\nc:abc\nF:lib\nR:libc.musl-x86_64.so.1\n"
                + "a:0:0:777\nZ:Q1xyz=\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\nL:GPL-2.0-only\no:busybox\nF:bin\nR:busybox\n";
        put(out, "AnalyzerFuzzTest#apkInstalled", "installed", apk);
        Path rpmFixtures = Path.of(System.getProperty("tarsier.root", "..")).resolve("analyzers-os/src/test/resources/fixtures/rpm");
        if (Files.isRegularFile(rpmFixtures.resolve("wal/rpmdb.sqlite"))) {
            // the project's own rpmdb (analyzers-os make-fixtures.sh): its first pages, and the WAL's first frames
            byte[] db = head(rpmFixtures.resolve("rpmdb.sqlite"), 16 << 10);
            put(out, "AnalyzerFuzzTest#rpmSqlite", "rpmdb-first-pages", db);
            put(out, "AnalyzerFuzzTest#rpmSqliteWal", "rpmdb-and-wal-first-pages", Fuzz.joinPrefixed(
                    head(rpmFixtures.resolve("wal/rpmdb.sqlite"), 12 << 10), head(rpmFixtures.resolve("wal/rpmdb.sqlite-wal"), 12 << 10)));
        }
        put(out, "AnalyzerFuzzTest#rpmBerkeleyDb", "hash-meta-page", berkeleyMetaPage());
        put(out, "AnalyzerFuzzTest#rpmNdb", "ndb-header", ndbHeader());
        byte[] header = rpmHeader("openssl-libs", "3.0.7", "24.el9", "x86_64", "openssl-3.0.7-24.el9.src.rpm");
        put(out, "AnalyzerFuzzTest#rpmHeader", "openssl-libs", header);
        put(out, "AnalyzerFuzzTest#osRelease", "os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                + "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n");
        put(out, "AnalyzerFuzzTest#jar", "fat.jar", fatJar());
        put(out, "AnalyzerFuzzTest#packageJson", "package.json", "{\"name\":\"@scope/pkg\",\"version\":\"1.2.3\","
                + "\"license\":\"MIT\",\"dependencies\":{\"lodash\":\"^4.17.15\"}}");
        put(out, "AnalyzerFuzzTest#packageLock", "v3.json", "{\"name\":\"app\",\"lockfileVersion\":3,\"packages\":{"
                + "\"\":{\"name\":\"app\",\"version\":\"1.0.0\"},\"node_modules/lodash\":{\"version\":\"4.17.15\"},"
                + "\"node_modules/a/node_modules/@s/b\":{\"version\":\"2.0.0-rc.1\",\"dev\":true}}}");
        put(out, "AnalyzerFuzzTest#packageLock", "v1.json", "{\"name\":\"app\",\"lockfileVersion\":1,\"dependencies\":{"
                + "\"lodash\":{\"version\":\"4.17.15\",\"dependencies\":{\"x\":{\"version\":\"1.0.0\"}}}}}");
        put(out, "AnalyzerFuzzTest#yarnLock", "v1.lock", "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n"
                + "  version \"7.22.5\"\n  resolved \"https://registry.yarnpkg.com/x\"\n  dependencies:\n    debug \"^4.1.0\"\n\n"
                + "lodash@^4.17.15:\n  version \"4.17.21\"\n");
        put(out, "AnalyzerFuzzTest#yarnLock", "berry.lock", "__metadata:\n  version: 6\n\n\"lodash@npm:^4.17.15\":\n"
                + "  version: 4.17.21\n  resolution: \"lodash@npm:4.17.21\"\n");
        put(out, "AnalyzerFuzzTest#nodeBinary", "node", nodeBinary("18.12.0"));
        put(out, "AnalyzerFuzzTest#goRustBinary", "go-elf", goBinary());
        put(out, "AnalyzerFuzzTest#pythonMetadata", "METADATA", "Metadata-Version: 2.1\nName: Requests\nVersion: 2.31.0\n"
                + "Summary: HTTP\nLicense: Apache 2.0\nRequires-Dist: idna (<4,>=2.5)\n\nlong description\n");
        put(out, "AnalyzerFuzzTest#composerLock", "composer.lock", "{\"packages\":[{\"name\":\"monolog/monolog\","
                + "\"version\":\"2.9.1\"}],\"packages-dev\":[{\"name\":\"phpunit/phpunit\",\"version\":\"v9.6.0\"}]}");
        put(out, "AnalyzerFuzzTest#composerInstalled", "installed.json", "{\"packages\":[{\"name\":\"symfony/console\","
                + "\"version\":\"v6.3.0\",\"version_normalized\":\"6.3.0.0\"}],\"dev\":true}");
        put(out, "AnalyzerFuzzTest#gemfileLock", "Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n"
                + "    rack (2.2.7)\n    rails (7.0.6)\n      rack (>= 2.2.4)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n");
        put(out, "AnalyzerFuzzTest#gemSpec", "fuzz.gemspec", "# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n"
                + "  s.name = \"fuzz\".freeze\n  s.version = \"1.0\"\n  s.licenses = [\"MIT\".freeze]\nend\n");
        put(out, "AnalyzerFuzzTest#depsJson", "App.deps.json", "{\"runtimeTarget\":{\"name\":\".NETCoreApp,Version=v8.0\"},"
                + "\"targets\":{\".NETCoreApp,Version=v8.0\":{\"Newtonsoft.Json/13.0.1\":{}}},\"libraries\":{"
                + "\"App/1.0.0\":{\"type\":\"project\"},\"Newtonsoft.Json/13.0.1\":{\"type\":\"package\",\"sha512\":\"x\"}}}");

        String[][] versions = {
                {"deb", "1:2.30-1~deb12u1", "2.30-1+b1"}, {"deb", "1.0~rc1", "1.0"}, {"rpm", "1:3.0.7-24.el9", "3.0.7-24.el9_3"},
                {"rpm", "1.0^git1", "1.0~rc1"}, {"apk", "1.2.4_git20230717-r2", "1.2.4-r10"}, {"apk", "2.0_rc1_p2", "2.0a"},
                {"maven", "1.0-alpha-1", "1.0.0.RELEASE"}, {"maven", "2.14.1", "2.15.0-rc1"},
                {"semver", "1.0.0-alpha.1+build.5", "1.0.0"}, {"go", "v0.0.0-20220722155237-a158d28d115b", "v1.2.0+incompatible"},
                {"gem", "7.0.6.rc1", "7.0.6"}, {"composer", "v2.9.1", "dev-main"}, {"composer", "1.0.0-beta2", "1.0.0-p1"},
                {"nuget", "13.0.1", "13.0.1-beta.2+meta"}, {"pep440", "1!2.0.post1.dev3", "2.0rc1+local.7"}};
        for (String[] v : versions) {
            put(out, "VersionFuzzTest#" + v[0], v[1].replaceAll("[^A-Za-z0-9.-]", "_"), Fuzz.join(Fuzz.utf8(v[1]), Fuzz.utf8(v[2])));
        }

        put(out, "VulnDbFuzzTest#osvRecord", "GHSA.json", OSV_MAVEN);
        put(out, "VulnDbFuzzTest#osvRecord", "DSA.json", OSV_DEBIAN);
        put(out, "VulnDbFuzzTest#osvJsonLines", "two.jsonl", OSV_MAVEN.replace("\n", "") + "\n" + OSV_DEBIAN.replace("\n", "") + "\n");
        put(out, "VulnDbFuzzTest#nvdFeed", "nvd.json", "{\"resultsPerPage\":1,\"format\":\"NVD_CVE\",\"version\":\"2.0\","
                + "\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-44228\",\"published\":\"2021-12-10T10:15:09.143\","
                + "\"vulnStatus\":\"Analyzed\",\"metrics\":{\"cvssMetricV31\":[{\"source\":\"nvd@nist.gov\",\"type\":\"Primary\","
                + "\"cvssData\":{\"version\":\"3.1\",\"vectorString\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\","
                + "\"baseScore\":10.0,\"baseSeverity\":\"CRITICAL\"}}]},\"weaknesses\":[{\"description\":[{\"lang\":\"en\","
                + "\"value\":\"CWE-502\"}]}]}}]}");
        put(out, "VulnDbFuzzTest#cve5Record", "cve5.json", "{\"dataType\":\"CVE_RECORD\",\"dataVersion\":\"5.1\","
                + "\"cveMetadata\":{\"cveId\":\"CVE-2024-0001\",\"state\":\"PUBLISHED\",\"datePublished\":\"2024-01-02T00:00:00Z\"},"
                + "\"containers\":{\"cna\":{\"metrics\":[{\"cvssV3_1\":{\"version\":\"3.1\",\"baseScore\":7.5,"
                + "\"vectorString\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H\",\"baseSeverity\":\"HIGH\"}},"
                + "{\"cvssV4_0\":{\"version\":\"4.0\",\"vectorString\":\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\","
                + "\"baseScore\":9.3}}]},\"adp\":[{\"metrics\":[{\"other\":{\"type\":\"ssvc\",\"content\":{}}}]}]}}");
        put(out, "VulnDbFuzzTest#kevCatalog", "kev.json", "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\","
                + "\"catalogVersion\":\"2024.01.02\",\"dateReleased\":\"2024-01-02T15:00:00.000Z\",\"count\":1,\"vulnerabilities\":["
                + "{\"cveID\":\"CVE-2021-44228\",\"vendorProject\":\"Apache\",\"product\":\"Log4j2\",\"dateAdded\":\"2021-12-10\","
                + "\"dueDate\":\"2021-12-24\",\"knownRansomwareCampaignUse\":\"Known\"}]}");
        put(out, "VulnDbFuzzTest#epssCsv", "epss.csv", "#model_version:v2023.03.01,score_date:2024-01-02T00:00:00+0000\n"
                + "cve,epss,percentile\nCVE-2021-44228,0.97565,0.99996\nCVE-2024-0001,0.00043,0.0812\n");
        for (String v : new String[] {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",
                "AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:L/SI:H/SA:N/E:U/MSI:S/MSA:S"}) {
            put(out, "VulnDbFuzzTest#cvssVector", v.replaceAll("[^A-Za-z0-9]", "_"), v);
        }
        put(out, "VulnDbFuzzTest#compiledDb", "small.db", compiledDb());

        put(out, "ReportFuzzTest#ignoreFile", "ignore.json", "{\"ignore\":[{\"id\":\"CVE-2023-44487\",\"purl\":\"pkg:golang/*\","
                + "\"reason\":\"HTTP/2 not exposed\",\"expires\":\"2026-12-31\"},{\"id\":\"GHSA-jfh8-c2jp-5v3q\",\"reason\":\"r\"}]}");
        put(out, "ReportFuzzTest#openVex", "vex.json", "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://x/vex-1\","
                + "\"author\":\"sec\",\"timestamp\":\"2024-01-02T00:00:00Z\",\"version\":1,\"statements\":[{\"vulnerability\":"
                + "{\"name\":\"CVE-2021-44228\",\"aliases\":[\"GHSA-jfh8-c2jp-5v3q\"]},\"products\":[{\"@id\":\"pkg:oci/app\","
                + "\"subcomponents\":[{\"@id\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\"}]}],"
                + "\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_in_execute_path\"}]}");
        put(out, "ReportFuzzTest#sbom", "cyclonedx.json", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
                + "\"metadata\":{\"component\":{\"type\":\"container\",\"name\":\"app\"}},\"components\":[{\"type\":\"library\","
                + "\"name\":\"log4j-core\",\"version\":\"2.14.1\",\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\"},"
                + "{\"type\":\"operating-system\",\"name\":\"debian\",\"version\":\"12\"},{\"type\":\"library\",\"name\":\"libssl3\","
                + "\"version\":\"3.0.11-1~deb12u2\",\"purl\":\"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12\"}]}");
        put(out, "ReportFuzzTest#sbom", "spdx.json", "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":"
                + "\"SPDXRef-DOCUMENT\",\"name\":\"app\",\"packages\":[{\"SPDXID\":\"SPDXRef-1\",\"name\":\"lodash\",\"versionInfo\":"
                + "\"4.17.15\",\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\","
                + "\"referenceLocator\":\"pkg:npm/lodash@4.17.15\"}]}]}");

        byte[] layer = layer().bytes();
        put(out, "ImageFuzzTest#layerTar", "layer.tar", layer);
        put(out, "ImageFuzzTest#layerTar", "pax-gnu.tar", layer(LayerBuilder.LongNames.PAX).bytes());
        put(out, "ImageFuzzTest#layerTar", "gnu.tar", layer(LayerBuilder.LongNames.GNU).bytes());
        put(out, "ImageFuzzTest#layerGzip", "layer.tar.gz", Compression.GZIP.compress(layer));
        put(out, "ImageFuzzTest#layerZstd", "layer.tar.zst", Compression.ZSTD.compress(layer));
        put(out, "ImageFuzzTest#layerXz", "layer.tar.xz", xz(layer));
        ImageBuilder image = image();
        String dockerManifest = "[{\"Config\":\"blobs/sha256/" + image.configDigest().substring(7) + "\",\"RepoTags\":[\"app:1\"],"
                + "\"Layers\":[" + String.join(",", image.layerDigests().stream()
                .map(d -> "\"blobs/sha256/" + d.substring(7) + "\"").toList()) + "]}]";
        put(out, "ImageFuzzTest#dockerManifest", "manifest-config", Fuzz.join(Fuzz.utf8(dockerManifest), Fuzz.utf8(image.configJson())));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + ImageBuilder.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + ImageBuilder.OCI_MANIFEST + "\",\"digest\":\"" + image.manifestDigest() + "\",\"size\":"
                + image.manifestJson().length() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"},"
                + "\"annotations\":{\"" + ImageBuilder.REF_NAME + "\":\"1\"}}]}";
        put(out, "ImageFuzzTest#ociIndex", "index-manifest-config",
                Fuzz.join(Fuzz.utf8(index), Fuzz.utf8(image.manifestJson()), Fuzz.utf8(image.configJson())));
        put(out, "ImageFuzzTest#dockerArchive", "docker.tar", written(image, "docker"));
        put(out, "ImageFuzzTest#dockerArchive", "docker-oci.tar", written(image, "docker-oci"));
        put(out, "ImageFuzzTest#ociArchive", "oci.tar", written(image, "oci"));
        put(out, "ImageFuzzTest#wwwAuthenticate", "bearer", "Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
        put(out, "ImageFuzzTest#wwwAuthenticate", "two", "Basic realm=\"r\", Bearer realm=\"https://x/t?a=1\",error=\"insufficient_scope\"");
        put(out, "RegistryFuzzTest#registryResponses", "token-manifest", Fuzz.join(Fuzz.utf8("service=\"registry.example\","
                + "scope=\"repository:fuzz/app:pull\""), Fuzz.utf8("{\"token\":\"abc\",\"expires_in\":300,\"issued_at\":"
                + "\"2024-01-02T00:00:00Z\"}"), Fuzz.utf8("\0" + "{\"schemaVersion\":2,\"mediaType\":\"" + ImageBuilder.OCI_MANIFEST
                + "\",\"config\":{\"digest\":\"sha256:00\",\"size\":2},\"layers\":[]}")));
        put(out, "RegistryFuzzTest#registryResponses", "access-token-error", Fuzz.join(Fuzz.utf8("error=\"invalid_token\""),
                Fuzz.utf8("{\"access_token\":\"xyz\",\"refresh_token\":\"r\"}"), Fuzz.utf8("\u0002{\"errors\":[{\"code\":"
                + "\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"1\"}}]}")));
        put(out, "LayerCodecFuzzTest#layerCacheEntry", "walked", dev.tarsier.core.internal.cache.LayerCodecSeeds.payload(layer));
        return out;
    }

    private static void put(Map<String, Map<String, byte[]>> out, String target, String name, String content) {
        put(out, target, name, Fuzz.utf8(content));
    }

    private static void put(Map<String, Map<String, byte[]>> out, String target, String name, byte[] content) {
        out.computeIfAbsent(target, t -> new LinkedHashMap<>()).put("seed-" + name, content);
    }

    static final String OSV_MAVEN = "{\"schema_version\":\"1.6.0\",\"id\":\"GHSA-jfh8-c2jp-5v3q\",\"modified\":\"2024-01-02T00:00:00Z\",\n"
            + "\"aliases\":[\"CVE-2021-44228\"],\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\"}],\n"
            + "\"affected\":[{\"package\":{\"ecosystem\":\"Maven\",\"name\":\"org.apache.logging.log4j:log4j-core\"},\n"
            + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}]}],\n"
            + "\"versions\":[\"2.14.1\"]}],\"database_specific\":{\"severity\":\"CRITICAL\"}}";

    static final String OSV_DEBIAN = "{\"id\":\"DSA-5000-1\",\"modified\":\"2024-01-02T00:00:00Z\",\"upstream\":[\"CVE-2023-0001\"],\n"
            + "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\n"
            + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u2\"}]}],\"ecosystem_specific\":{\"urgency\":\"high\"}},\n"
            + "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},\n"
            + "{\"last_affected\":\"4.17.20\"}]}]}]}";

    /** An rpm header blob: big-endian il, dl, 16-byte index entries, then the string store (type 6). */
    static byte[] rpmHeader(String name, String version, String release, String arch, String sourceRpm) {
        int[] tags = {1000, 1001, 1002, 1022, 1044};
        String[] values = {name, version, release, arch, sourceRpm};
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        ByteBuffer index = ByteBuffer.allocate(16 * tags.length);
        for (int i = 0; i < tags.length; i++) {
            index.putInt(tags[i]).putInt(6).putInt(store.size()).putInt(1);
            store.writeBytes(Fuzz.utf8(values[i]));
            store.write(0);
        }
        ByteBuffer blob = ByteBuffer.allocate(8 + index.capacity() + store.size());
        blob.putInt(tags.length).putInt(store.size()).put(index.array()).put(store.toByteArray());
        return blob.array();
    }

    private static byte[] head(Path file, int max) {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Berkeley DB hash metadata page (db_page.h HASHMETA, little-endian): LSN, pgno 0, magic
     * 0x061561, version 9, page size 4096, type 8 (hash meta), then max bucket, high mask, low mask,
     * and the record count; followed by an empty bucket page.
     */
    private static byte[] berkeleyMetaPage() {
        ByteBuffer b = ByteBuffer.allocate(8192).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(12, 0x061561).putInt(16, 9).putInt(20, 4096).put(25, (byte) 8).putInt(32, 1)
                .putInt(72, 0).putInt(76, 1).putInt(80, 1).putInt(84, 0).putInt(88, 1);
        b.putInt(4096 + 8, 1).put(4096 + 25, (byte) 13);
        return b.array();
    }

    /** An NDB {@code Packages.db} header (rpm's backend/ndb/rpmpkg.c): magic "RpmP", version 0, generation, page count. */
    private static byte[] ndbHeader() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(Fuzz.utf8("RpmP")).putInt(0).putInt(1).putInt(1).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] fatJar() {
        byte[] lib = zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: lib\nImplementation-Version: 1.0\n",
                "META-INF/maven/org.example/lib/pom.properties", "groupId=org.example\nartifactId=lib\nversion=1.0\n",
                "org/example/A.class", "\u00ca\u00fe"));
        Map<String, Object> fat = new LinkedHashMap<>();
        fat.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: org.example.fat\nBundle-Version: 2.0.0\n");
        fat.put("META-INF/maven/org.example/fat/pom.properties", "groupId=org.example\nartifactId=fat\nversion=2.0\n");
        fat.put("BOOT-INF/lib/lib-1.0.jar", lib);
        fat.put("WEB-INF/lib/commons-io-2.11.0.jar", zip(Map.of("x.txt", "x")));
        return zip(fat);
    }

    private static byte[] zip(Map<String, ?> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, ?> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue() instanceof byte[] b ? b : Fuzz.utf8((String) e.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A 64-bit little-endian x86-64 ELF header followed by the strings the node runtime search looks for. */
    private static byte[] nodeBinary(String version) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(elfHeader());
        b.writeBytes(Fuzz.utf8("\0node.js/v%s\0https://nodejs.org/download/release/v" + version + "/node-v" + version
                + ".tar.gz\0listening\0node.js/v" + version + "\0(delegate_) != nullptr\0"));
        return b.toByteArray();
    }

    /**
     * An ELF header with one writable PT_LOAD segment holding Go's build information in the Go 1.18+
     * inline form: magic, pointer size 8, flags 2 (inline strings), then varint-prefixed version and
     * module info.
     */
    private static byte[] goBinary() {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(Fuzz.utf8("\u00ff Go buildinf:"));
        info.write(8);
        info.write(2);
        info.writeBytes(new byte[16]);
        byte[] go = Fuzz.utf8("go1.21.5");
        byte[] mod = Fuzz.utf8("0000000000000000path\texample.com/hello\nmod\texample.com/hello\t(devel)\t\n"
                + "dep\tgolang.org/x/net\tv0.17.0\th1:abc=\nbuild\t-trimpath=true\n0000000000000000");
        info.write(go.length);
        info.writeBytes(go);
        info.write(mod.length & 0x7f | 0x80);
        info.write(mod.length >> 7);
        info.writeBytes(mod);
        byte[] segment = info.toByteArray();
        ByteBuffer elf = ByteBuffer.allocate(64 + 56 + segment.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        elf.put(elfHeader());
        elf.putInt(32, 64).putShort(54, (short) 56).putShort(56, (short) 1);
        elf.position(64);
        elf.putInt(1).putInt(6).putLong(120).putLong(0x400000).putLong(0x400000).putLong(segment.length)
                .putLong(segment.length).putLong(16);
        elf.put(segment);
        return elf.array();
    }

    private static byte[] elfHeader() {
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 2;
        h[5] = 1;
        h[6] = 1;
        h[16] = 2;
        h[18] = 62;
        h[20] = 1;
        return h;
    }

    private static LayerBuilder layer() {
        return layer(LayerBuilder.LongNames.PAX);
    }

    private static LayerBuilder layer(LayerBuilder.LongNames longNames) {
        return new LayerBuilder().longNames(longNames)
                .dir("etc/")
                .file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n")
                .file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\nF:lib\nR:libc.so\n\nP:zlib\nV:1.3-r2\n")
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                .file("app/" + "very-long-directory-name/".repeat(5) + "yarn.lock", "lodash@^4:\n  version \"4.17.21\"\n")
                .file("opt/app.jar", fatJar())
                .symlink("usr/bin/sh", "/bin/busybox")
                .hardlink("lib/apk/db/installed.bak", "lib/apk/db/installed")
                .whiteout("var/cache/old")
                .opaque("tmp/");
    }

    private static ImageBuilder image() {
        return new ImageBuilder()
                .layer(new LayerBuilder().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                        .file("var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n"))
                .layer(new LayerBuilder().file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                        .whiteout("var/lib/dpkg/status"), Compression.GZIP)
                .history("ADD rootfs /", false).history("ENV X=1", true).history("COPY app /app", false)
                .tag("app:1");
    }

    private static byte[] written(ImageBuilder image, String kind) {
        try {
            Path file = Files.createTempFile("tarsier-seed-", ".tar");
            try {
                switch (kind) {
                    case "docker" -> image.writeDockerArchive(file);
                    case "docker-oci" -> image.writeDockerArchiveOci(file);
                    default -> image.writeOciArchive(file);
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] xz(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(bytes, new LZMA2Options(1))) {
            xz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A compiled DB built by the real builder from the two OSV seed records. */
    private static byte[] compiledDb() {
        try {
            Path dir = Files.createTempDirectory("tarsier-seed-");
            try {
                Files.writeString(dir.resolve("ghsa.json"), OSV_MAVEN);
                Files.writeString(dir.resolve("dsa.json"), OSV_DEBIAN);
                Path db = dir.resolve("out.db");
                new VulnerabilityDatabaseBuilder().source(dir.resolve("ghsa.json")).source(dir.resolve("dsa.json"))
                        .clock(Clock.fixed(Instant.parse("2024-01-02T00:00:00Z"), ZoneOffset.UTC)).build(db);
                return Files.readAllBytes(db);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
