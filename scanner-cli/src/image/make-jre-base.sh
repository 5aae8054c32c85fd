#!/bin/sh
# Makes a Java runtime base image for Tarsier's own container image, offline, from this machine's
# JDK, as a docker-archive that Jib reads with tar:// (no registry, no Docker Hub):
#
#   scanner-cli/src/image/make-jre-base.sh scanner-cli/target/jre-base.tar
#   mvn -B -o -pl scanner-cli -am package -DskipTests -Pimage -Dtarsier.image.base=tar://$PWD/scanner-cli/target/jre-base.tar
#
# The image holds a jlink'ed runtime (the modules Tarsier uses) under /opt/java/openjdk, the
# shared libraries it links against (found with ldd), /etc/os-release, a passwd entry for an
# unprivileged user and /tmp. Needs JAVA_HOME (or java on the PATH) to be a JDK with jlink, ldd and
# python3. With network, CI systems use a published base instead (see docs/distribution.md).
set -eu
out=${1:?usage: make-jre-base.sh OUT.tar}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/opt/java" "$root/etc" "$root/tmp" "$root/var/cache/tarsier" "$root/work"
chmod 1777 "$root/tmp"

# the modules the CLI needs (jdeps on its jars says java.base, java.logging, java.net.http, java.sql,
# java.xml ...); crypto and zipfs are loaded by service lookup, so they are named explicitly
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.net.http,java.sql,java.xml,java.naming,java.management,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.localedata,jdk.charsets,jdk.httpserver \
  --include-locales en --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java/openjdk"

# the shared libraries the runtime links against, at the same paths
for f in "$root/opt/java/openjdk/bin/java" "$root"/opt/java/openjdk/lib/*.so "$root"/opt/java/openjdk/lib/server/*.so; do
  ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'
done | sort -u | grep -v "^$root/" | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp /etc/os-release "$root/etc/os-release" 2>/dev/null || true
printf 'root:x:0:0:root:/root:/sbin/nologin\ntarsier:x:1000:1000:tarsier:/work:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ntarsier:x:1000:\n' > "$root/etc/group"

python3 - "$root" "$out" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1], sys.argv[2]
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(dirpath, name)
            ti = t.gettarinfo(path, arcname=os.path.relpath(path, root))
            ti.uid = ti.gid = 0; ti.uname = ti.gname = "root"; ti.mtime = 0
            if ti.isfile():
                with open(path, "rb") as f:
                    t.addfile(ti, f)
            else:
                t.addfile(ti)
data = raw.getvalue()
diff = "sha256:" + hashlib.sha256(data).hexdigest()
layer = gzip.compress(data, 6, mtime=0)
config = json.dumps({"architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/opt/java/openjdk/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java/openjdk"]},
    "rootfs": {"type": "layers", "diff_ids": [diff]},
    "history": [{"created_by": "make-jre-base.sh: jlink'ed Java runtime"}]}).encode()
cname = hashlib.sha256(config).hexdigest() + ".json"
lname = diff[7:] + ".tar.gz"
manifest = json.dumps([{"Config": cname, "RepoTags": ["tarsier-jre-base:local"], "Layers": [lname]}]).encode()
with tarfile.open(out, "w") as img:
    for n, b in ((lname, layer), (cname, config), ("manifest.json", manifest)):
        ti = tarfile.TarInfo(n); ti.size = len(b); img.addfile(ti, io.BytesIO(b))
print(out, len(layer), "bytes compressed,", diff)
PY
