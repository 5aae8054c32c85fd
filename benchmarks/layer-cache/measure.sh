#!/bin/sh
# Wall time of `tarsier inventory` of the same image, first with an empty layer cache, then again
# with the cache filled, JVM start included. Needs hyperfine and the shaded CLI jar:
#   mvn -q -o package -DskipTests -pl scanner-cli -am
#   benchmarks/layer-cache/measure.sh [IMAGE]      (default: builds /tmp/cache-bench.tar)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../../scanner-cli/target/tarsier.jar"
image=${1:-/tmp/cache-bench.tar}
cache=$(mktemp -d)/layers
[ -e "$image" ] || python3 "$here/make-image.py" "$image"
hyperfine -N --runs 5 --prepare "rm -rf $cache" \
    -n 'first run (empty cache)' "java -jar $jar inventory $image --cache-dir $cache --format json" \
    -n 'no cache' "java -jar $jar inventory $image --no-cache --format json"
java -jar "$jar" inventory "$image" --cache-dir "$cache" --format json > /dev/null
hyperfine -N --warmup 1 --runs 10 \
    -n 'second run (cache filled)' "java -jar $jar inventory $image --cache-dir $cache --format json" \
    -n 'JVM start + picocli (--version)' "java -jar $jar --version"
du -sh "$cache"
