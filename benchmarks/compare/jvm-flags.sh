#!/bin/sh
# Compares JVM settings for a short-lived `tarsier inventory` (wall time with hyperfine, peak RSS
# with /usr/bin/time -v), running the distribution's jars directly so each variant sets its own flags.
#
#   benchmarks/compare/jvm-flags.sh IMAGE [RUNS]      (after mvn package; needs hyperfine)
#   env: DIST (a copy of scanner-cli/target/tarsier), OUT, WARMUP (default 1), VARIANTS (names to run)
set -eu
image=${1:?usage: jvm-flags.sh IMAGE [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${DIST:-$root/scanner-cli/target/tarsier}   # DIST: a copy, so that a rebuild cannot change it mid-run
lib=$dist/lib
cp=""
for jar in "$lib"/*.jar; do cp="${cp:+$cp:}$jar"; done
out=${OUT:-$root/benchmarks/target/jvm-flags}
mkdir -p "$out"
jsa=$out/tarsier.jsa
# an AppCDS archive of the classes one inventory run loads (Java 17: -XX:ArchiveClassesAtExit)
java -XX:ArchiveClassesAtExit="$jsa" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" dev.tarsier.cli.Main \
  inventory "$root/demo/demo-image.tar" --format json --no-cache >/dev/null 2>&1

run() { # name flags...   (VARIANTS="a b": only those)
  name=$1; shift
  case " ${VARIANTS:-$name} " in *" $name "*) ;; *) return 0 ;; esac
  cmd="java $* -cp $cp dev.tarsier.cli.Main inventory $image --format json --no-cache"
  hyperfine -N --warmup "${WARMUP:-1}" --runs "$runs" --export-json "$out/$name.json" "$cmd" >/dev/null 2>&1
  /usr/bin/time -v sh -c "$cmd >/dev/null" 2>"$out/$name.time" || { echo "$name failed: see $out/$name.time" >&2; return; }
  mean=$(python3 -c "import json,sys; r=json.load(open('$out/$name.json'))['results'][0]; print('%.2f s ± %.2f (user %.2f, sys %.2f)' % (r['mean'], r['stddev'] or 0, r['user'], r['system']))")
  rss=$(awk -F: '/Maximum resident/ {printf "%d MiB", $2/1024}' "$out/$name.time")
  printf '%-34s %-40s %s\n' "$name" "$mean" "$rss"
}

printf '%-34s %-40s %s\n' variant "wall (mean ± sd)" "peak RSS"
run default-G1
run parallel -XX:+UseParallelGC
run serial -XX:+UseSerialGC
run serial-c1 -XX:+UseSerialGC -XX:TieredStopAtLevel=1
run serial-c1-xms32m-xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xss1m
run serial-c1-cds -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xss1m -XX:SharedArchiveFile="$jsa"
run serial-full-tiered-cds -XX:+UseSerialGC -Xms32m -Xss1m -XX:SharedArchiveFile="$jsa"
run serial-c1-xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m
