package dev.tarsier.spark;

import dev.tarsier.testkit.Compression;
import dev.tarsier.testkit.ImageBuilder;
import dev.tarsier.testkit.LayerBuilder;
import dev.tarsier.testkit.LocalRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fleet of images that share base layers, as a registry of one organisation holds: two Debian 12
 * bases (one with a vulnerable curl, one patched), three runtime layers (an old lodash, a patched
 * lodash, a tools layer whose dpkg status replaces the base's), and an application layer of each
 * image's own. Some application layers delete the runtime's lodash (a whiteout) or hide it (an
 * opaque directory), so their images must not report it. Image {@code i} is
 * {@code fleet/app-NN:1.0} = base {@code i % 2} + runtime {@code (i / 2) % 3} + its own layer.
 *
 * @param images the images, in order
 * @param repositories their repositories ({@code fleet/app-00}, ...)
 */
record TestFleet(List<ImageBuilder> images, List<String> repositories) {

    static final String TAG = "1.0";

    /**
     * Builds {@code count} images; the bases hold {@code fillerFiles} extra small files each, so that
     * reading a base layer costs what a real one does (for measurements; 0 in tests).
     */
    static TestFleet build(int count, int fillerFiles) {
        List<LayerBuilder> bases = List.of(base("7.88.1-10+deb12u4", "1:1.2.13.dfsg-1", fillerFiles, "a"),
                base("7.88.1-10+deb12u5", "1:1.2.13.dfsg-1", fillerFiles, "b"));
        List<LayerBuilder> runtimes = List.of(
                new LayerBuilder()
                        .file("usr/lib/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                        .file("usr/lib/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}"),
                new LayerBuilder()
                        .file("usr/lib/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.21\"}"),
                new LayerBuilder()
                        .file("var/lib/dpkg/status", status("7.88.1-10+deb12u4") + stanza("jq", "1.6-2.1", null))
                        .file("usr/lib/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}"));
        List<ImageBuilder> images = new ArrayList<>();
        List<String> repositories = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String repository = String.format(Locale.ROOT, "fleet/app-%02d", i);
            LayerBuilder app = new LayerBuilder()
                    .file("srv/app/package.json", "{\"name\":\"app-" + i + "\",\"version\":\"1." + i + ".0\"}")
                    .file("srv/app/node_modules/minimist/package.json",
                            "{\"name\":\"minimist\",\"version\":\"1.2." + (i % 7) + "\"}");
            if (i % 4 == 1) {
                app.whiteout("usr/lib/node_modules/lodash");
            } else if (i % 4 == 3) {
                app.opaque("usr/lib/node_modules").file("usr/lib/node_modules/own/package.json",
                        "{\"name\":\"own\",\"version\":\"" + i + ".0.0\"}");
            }
            images.add(new ImageBuilder()
                    .layer(bases.get(i % 2), Compression.GZIP)
                    .history("ADD rootfs-" + (i % 2) + ".tar /", false)
                    .history("CMD [\"bash\"]", true)
                    .layer(runtimes.get((i / 2) % 3), Compression.GZIP)
                    .history("RUN install runtime " + (i / 2) % 3, false)
                    .layer(app, Compression.GZIP)
                    .history("COPY app /srv/app # image " + i, false)
                    .tag(repository + ":" + TAG));
            repositories.add(repository);
        }
        return new TestFleet(List.copyOf(images), List.copyOf(repositories));
    }

    /** Writes each image as an OCI layout under {@code work} and pushes it with skopeo. */
    void push(LocalRegistry registry, Path work) throws IOException, InterruptedException {
        for (int i = 0; i < images.size(); i++) {
            Path layout = work.resolve("layout-" + i);
            images.get(i).writeOciLayout(layout);
            registry.push(layout, TAG, repositories.get(i) + ":" + TAG);
        }
    }

    /** The images' references in the registry. */
    List<String> references(LocalRegistry registry) {
        return repositories.stream().map(r -> "registry:" + registry.hostPort() + "/" + r + ":" + TAG).toList();
    }

    /** All the images' diffIDs, one per layer reference. */
    List<String> layerReferences() {
        return images.stream().flatMap(i -> i.diffIds().stream()).toList();
    }

    /** An image list file for {@code --images}. */
    Path writeList(LocalRegistry registry, Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of("# the fleet", ""));
        lines.addAll(references(registry));
        return Files.write(file, lines);
    }

    private static LayerBuilder base(String curl, String zlib, int fillerFiles, String name) {
        LayerBuilder base = new LayerBuilder()
                .file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                        + "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n")
                .file("etc/debian_version", "12.4\n")
                .file("var/lib/dpkg/status", status(curl) + stanza("zlib1g", zlib, "zlib"))
                .file("etc/base-name", name);
        for (int f = 0; f < fillerFiles; f++) {
            base.file(String.format(Locale.ROOT, "usr/share/doc/pkg-%05d/copyright", f),
                    ("Copyright " + f + " of base " + name + "\n").repeat(20));
        }
        return base;
    }

    private static String status(String curl) {
        return stanza("libssl3", "3.0.11-1~deb12u2", "openssl") + stanza("curl", curl, null)
                + stanza("libcurl4", curl, "curl");
    }

    private static String stanza(String name, String version, String source) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\n"
                + (source == null ? "" : "Source: " + source + "\n")
                + "Version: " + version + "\nDescription: " + name + "\n\n";
    }
}
