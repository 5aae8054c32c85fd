package dev.tarsier.analyzers.os.rpm;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tarsier.analyzers.os.rpm.header.MalformedHeaderException;
import dev.tarsier.analyzers.os.rpm.header.RpmHeader;
import dev.tarsier.analyzers.os.OsPackageUrls;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns rpm headers into packages.
 *
 * <p>Version: rpm's EVR, {@code [EPOCH:]VERSION-RELEASE}, the string rpm's version comparison
 * works on. Source: the source RPM file name {@code NAME-VERSION-RELEASE.src.rpm} (or
 * {@code .nosrc.rpm}) gives the source name and {@code VERSION-RELEASE}; the binary's epoch is
 * prefixed because an srpm file name never carries one and binary and source share it.
 *
 * <p>PURL (purl-spec, type {@code rpm}): {@code pkg:rpm/NAMESPACE/NAME@VERSION-RELEASE?arch=ARCH&epoch=EPOCH}.
 * The epoch is a qualifier, as the purl-spec type definition says. The namespace comes from the
 * vendor when it names a distribution unambiguously ({@link #namespaceOf}); otherwise there is
 * none. The scanner rewrites the namespace and adds {@code distro} once the image's OS is known.
 */
final class RpmPackages {

    /** Vendor prefixes (lower case) and the distribution namespace they stand for. */
    private static final List<Map.Entry<String, String>> VENDORS = List.of(
            Map.entry("red hat", "redhat"),
            Map.entry("centos", "centos"),
            Map.entry("fedora", "fedora"),
            Map.entry("rocky", "rocky"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("cloudlinux", "almalinux"),
            Map.entry("suse", "suse"),
            Map.entry("opensuse", "opensuse"),
            Map.entry("microsoft", "mariner"),
            Map.entry("amazon", "amazon"),
            Map.entry("oracle", "oracle"));

    private RpmPackages() {
    }

    /** The result of converting one header: a package, nothing (skipped on purpose) or a problem. */
    record Outcome(Optional<Package> pkg, Optional<String> problem) {
        static Outcome skipped() {
            return new Outcome(Optional.empty(), Optional.empty());
        }

        static Outcome problem(String message) {
            return new Outcome(Optional.empty(), Optional.of(message));
        }
    }

    /** Converts a header into a package; {@code gpg-pubkey} pseudo-packages are skipped. */
    static Outcome toPackage(RpmHeader h, Location location) throws MalformedHeaderException {
        String name = h.string(RpmHeader.TAG_NAME).orElse("");
        if (name.isEmpty()) {
            return Outcome.problem("header without NAME");
        }
        if (name.equals("gpg-pubkey")) {
            return Outcome.skipped();
        }
        String version = h.string(RpmHeader.TAG_VERSION).orElse("");
        String release = h.string(RpmHeader.TAG_RELEASE).orElse("");
        if (version.isEmpty()) {
            return Outcome.problem("package " + name + " has no VERSION");
        }
        OptionalLong epochValue = h.integer(RpmHeader.TAG_EPOCH);
        String epoch = epochValue.isPresent() ? Long.toString(epochValue.getAsLong()) : null;
        String vr = release.isEmpty() ? version : version + "-" + release;
        String evr = epoch == null ? vr : epoch + ":" + vr;
        String arch = h.string(RpmHeader.TAG_ARCH).orElse(null);
        String vendor = h.string(RpmHeader.TAG_VENDOR).orElse(null);

        PackageURL purl;
        try {
            purl = OsPackageUrls.of("rpm", namespaceOf(vendor).orElse(null), name, vr, "arch", arch, "epoch", epoch);
        } catch (MalformedPackageURLException e) {
            return Outcome.problem("package " + name + ": cannot form a package URL: " + e.getMessage());
        }
        Package.Builder b = Package.builder("rpm", name, evr)
                .purl(purl)
                .kind(PackageKind.OS)
                .location(location)
                .license(h.string(RpmHeader.TAG_LICENSE).orElse(null))
                .files(files(h))
                .property(Package.PROPERTY_ARCH, arch)
                .property("vendor", vendor)
                .property("modularitylabel", h.string(RpmHeader.TAG_MODULARITYLABEL).orElse(null));
        Optional<String[]> source = h.string(RpmHeader.TAG_SOURCERPM).flatMap(RpmPackages::parseSourceRpm);
        if (source.isPresent()) {
            b.sourceName(source.get()[0]);
            b.sourceVersion(epoch == null ? source.get()[1] : epoch + ":" + source.get()[1]);
        } else {
            b.sourceName(name);
            b.sourceVersion(evr);
        }
        return new Outcome(Optional.of(b.build()), Optional.empty());
    }

    /**
     * Splits {@code NAME-VERSION-RELEASE.src.rpm} into name and {@code VERSION-RELEASE}; names may
     * contain dashes, version and release may not (rpm forbids {@code -} in both).
     */
    static Optional<String[]> parseSourceRpm(String srpm) {
        String s = srpm;
        if (s.endsWith(".src.rpm")) {
            s = s.substring(0, s.length() - ".src.rpm".length());
        } else if (s.endsWith(".nosrc.rpm")) {
            s = s.substring(0, s.length() - ".nosrc.rpm".length());
        } else {
            return Optional.empty();
        }
        int relDash = s.lastIndexOf('-');
        if (relDash <= 0) {
            return Optional.empty();
        }
        int verDash = s.lastIndexOf('-', relDash - 1);
        if (verDash <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {s.substring(0, verDash), s.substring(verDash + 1)});
    }

    /** The distribution namespace a vendor string stands for, when it is unambiguous. */
    static Optional<String> namespaceOf(String vendor) {
        if (vendor == null) {
            return Optional.empty();
        }
        String v = vendor.strip().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : VENDORS) {
            if (v.startsWith(e.getKey())) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Owned files, relative: DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (rpm ≥ 4.1, "compressed file
     * names"), or OLDFILENAMES for older headers.
     */
    static List<String> files(RpmHeader h) throws MalformedHeaderException {
        List<String> base = h.strings(RpmHeader.TAG_BASENAMES);
        List<String> out = new ArrayList<>(base.size());
        if (!base.isEmpty()) {
            List<String> dirs = h.strings(RpmHeader.TAG_DIRNAMES);
            int[] index = h.int32s(RpmHeader.TAG_DIRINDEXES);
            if (index.length != base.size()) {
                throw new MalformedHeaderException("DIRINDEXES has " + index.length + " entries for "
                        + base.size() + " BASENAMES");
            }
            for (int i = 0; i < base.size(); i++) {
                if (index[i] < 0 || index[i] >= dirs.size()) {
                    throw new MalformedHeaderException("DIRINDEXES entry " + index[i] + " outside DIRNAMES");
                }
                out.add(relative(dirs.get(index[i]) + base.get(i)));
            }
            return out;
        }
        for (String f : h.strings(RpmHeader.TAG_OLDFILENAMES)) {
            out.add(relative(f));
        }
        return out;
    }

    private static String relative(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }
}
