#!/usr/bin/env python3
"""Builds a real multi-layer docker-archive from this machine's files, for benchmarks/compare/run.sh.

    python3 make-image.py OUT.tar [M2_REPO]

Layers (gzip, as registries serve them): 0 a Debian base (/etc, the real dpkg database,
/usr/bin, /usr/lib/python3.11), 1 the JDK, 2 an application's jars (up to 400 from the Maven
repository, under /app/lib), 3 node_modules (/usr/lib/node_modules under /app/node_modules).
Nothing is downloaded; the content is whatever this machine has, so numbers are comparable only
on the same machine.
"""
import gzip, hashlib, io, json, os, sys, tarfile, tempfile

out = sys.argv[1]
m2 = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser("~/.m2/repository")

def jars():
    found = []
    for root, dirs, files in os.walk(m2):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".jar") and not f.endswith(("-sources.jar", "-javadoc.jar")):
                found.append(os.path.join(root, f))
    return [(p, "app/lib/" + os.path.basename(p)) for p in found[:400]]

LAYERS = [
    ("COPY debian-base /", [(d, d.lstrip("/")) for d in
        ["/etc/os-release", "/usr/lib/os-release", "/etc/debian_version", "/var/lib/dpkg", "/usr/bin", "/usr/lib/python3.11"]]),
    ("COPY jdk /usr/lib/jvm/java-17", [("/usr/lib/jvm/java-17-openjdk-amd64", "usr/lib/jvm/java-17-openjdk-amd64")]),
    ("COPY target/lib /app/lib", None),
    ("COPY node_modules /app/node_modules", [("/usr/lib/node_modules", "app/node_modules")]),
]

def layer(entries, work):
    raw = os.path.join(work, "layer.tar")
    with tarfile.open(raw, "w", format=tarfile.PAX_FORMAT, dereference=False) as t:
        seen = set()
        for src, dst in entries:
            if not os.path.lexists(src):
                continue
            parts = dst.split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in seen:
                    seen.add(d)
                    ti = tarfile.TarInfo(d); ti.type = tarfile.DIRTYPE; ti.mode = 0o755
                    t.addfile(ti)
            def filt(ti):
                if ti.isdev() or ti.isfifo():
                    return None
                ti.uid = ti.gid = 0; ti.uname = ti.gname = "root"
                return ti
            t.add(src, arcname=dst, filter=filt)
    h = hashlib.sha256()
    with open(raw, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    diff = "sha256:" + h.hexdigest()
    gz = os.path.join(work, "layer.tar.gz")
    with open(raw, "rb") as f, gzip.open(gz, "wb", compresslevel=6) as g:
        for b in iter(lambda: f.read(1 << 20), b""):
            g.write(b)
    os.remove(raw)
    return diff, gz

with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as work, \
        tarfile.open(out, "w") as image:
    diffs, names, history = [], [], []
    for i, (created, entries) in enumerate(LAYERS):
        diff, gz = layer(entries if entries is not None else jars(), work)
        name = diff[7:] + ".tar.gz"
        image.add(gz, arcname=name)
        os.remove(gz)
        diffs.append(diff); names.append(name); history.append({"created_by": created})
        print("layer", i, created, diff, file=sys.stderr)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                         "rootfs": {"type": "layers", "diff_ids": diffs}, "history": history}).encode()
    cname = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": cname, "RepoTags": ["bench:latest"], "Layers": names}]).encode()
    for n, data in ((cname, config), ("manifest.json", manifest)):
        ti = tarfile.TarInfo(n); ti.size = len(data)
        image.addfile(ti, io.BytesIO(data))
