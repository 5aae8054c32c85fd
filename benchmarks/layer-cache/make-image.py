#!/usr/bin/env python3
"""Writes a docker-archive (as `docker save` does: uncompressed layers, diff_ids in the config)
from directories of this machine, for measuring `tarsier inventory` with and without the layer
cache. Usage: make-image.py OUT.tar [M2_REPO]

Layers: 0 = the OS (etc/os-release, var/lib/dpkg, usr/lib/x86_64-linux-gnu, usr/lib/python3*),
1 = the jars of a Maven repository under opt/app/lib (jar analysis, nested archives),
2 = a small layer that deletes one directory of layer 0 (a whiteout).
"""
import hashlib, io, json, os, sys, tarfile

out = sys.argv[1]
m2 = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser("~/.m2/repository")


def layer(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for src, name in entries:
            if os.path.isdir(src) and not os.path.islink(src):
                for root, dirs, files in os.walk(src):
                    dirs.sort()
                    for f in sorted(files):
                        p = os.path.join(root, f)
                        if os.path.islink(p) or os.path.isfile(p):
                            rel = os.path.relpath(p, src)
                            tar.add(p, arcname=os.path.join(name, rel), recursive=False)
            elif os.path.exists(src):
                tar.add(src, arcname=name, recursive=False)
    return buf.getvalue()


def whiteout(path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        d, b = os.path.split(path)
        info = tarfile.TarInfo(os.path.join(d, ".wh." + b))
        tar.addfile(info, io.BytesIO(b""))
    return buf.getvalue()


os_entries = [("/etc/os-release", "etc/os-release"), ("/var/lib/dpkg", "var/lib/dpkg"),
              ("/usr/lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu")]
for d in sorted(os.listdir("/usr/lib")):
    if d.startswith("python3"):
        os_entries.append(("/usr/lib/" + d, "usr/lib/" + d))
jars = []
for root, dirs, files in os.walk(m2):
    dirs.sort()
    for f in sorted(files):
        if f.endswith(".jar"):
            jars.append((os.path.join(root, f), "opt/app/lib/" + os.path.relpath(os.path.join(root, f), m2).replace("/", "_")))
layers = [layer(os_entries), layer(jars), whiteout("usr/lib/python3/dist-packages")]
diff_ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": diff_ids},
                     "history": [{"created_by": "ADD os /"}, {"created_by": "COPY lib /opt/app/lib"},
                                 {"created_by": "RUN rm -rf /usr/lib/python3/dist-packages"}]}).encode()
config_name = hashlib.sha256(config).hexdigest() + ".json"
with tarfile.open(out, mode="w") as tar:
    def put(name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    names = []
    for i, l in enumerate(layers):
        n = diff_ids[i][7:] + "/layer.tar"
        put(n, l)
        names.append(n)
    put(config_name, config)
    put("manifest.json", json.dumps([{"Config": config_name, "RepoTags": ["bench/cache:1"], "Layers": names}]).encode())
print(out, [len(l) >> 20 for l in layers], "MiB")
