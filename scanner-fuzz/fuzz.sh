#!/usr/bin/env bash
# Fuzzes Tarsier's parsers with Jazzer, one target per JVM, and prints the exec counts.
#
#   scanner-fuzz/fuzz.sh [TARGET...] [--seconds N] [--timeout S] [--heap SIZE]
#
# TARGET: Class#method (AnalyzerFuzzTest#dpkgStatus), a class (VersionFuzzTest) or a method
# name (jar); none means all targets. Defaults: 60 s per target, 10 s per input, -Xmx384m.
# Findings: Jazzer writes the crashing input into the target's regression-inputs directory
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-*) where plain `mvn test` replays it.
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=()
seconds=60
timeout=10
heap=384m
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
spec="all"
if [ ${#targets[@]} -gt 0 ]; then
  spec="$(IFS=,; echo "${targets[*]}")"
fi
mvn -B -q ${MVN_OFFLINE--o} -pl scanner-fuzz -am test \
  -Dtest=FuzzCampaign -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.targets="$spec" -Dfuzz.seconds="$seconds" -Dfuzz.timeout="$timeout" -Dfuzz.heap="$heap" \
  | grep '^FUZZ' || true
echo "per-target logs: scanner-fuzz/target/fuzz-logs/"
cat scanner-fuzz/target/fuzz-logs/summary.txt
