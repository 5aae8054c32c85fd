package dev.tarsier.vulndb.internal.match;

import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.vulndb.internal.version.SemverVersionScheme;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps inventory packages to the advisory ecosystems and names they are looked up under.
 *
 * <p>OS packages use the distribution release, named as OSV names it: Debian {@code Debian:<major>},
 * Ubuntu {@code Ubuntu:<version>:LTS}, {@code Ubuntu:<version>} and {@code Ubuntu:Pro:<version>:LTS},
 * Alpine {@code Alpine:v<major>.<minor>}, Rocky Linux {@code Rocky Linux:<major>}, AlmaLinux
 * {@code AlmaLinux:<major>}, Red Hat (and CentOS, which has no data of its own) every
 * {@code Red Hat:...} ecosystem of the DB with a {@code <major>} component, SLES and SLED every
 * {@code SUSE:...} ecosystem of the service pack, openSUSE {@code openSUSE:Leap <version>} and
 * {@code openSUSE:Tumbleweed}, CBL-Mariner and Azure Linux {@code Mariner:<version>} and
 * {@code Azure Linux:<version>}, openEuler {@code openEuler:<version>-<LTS-SPn>}, Mageia
 * {@code Mageia:<version>}, Wolfi {@code Wolfi}, Chainguard {@code Chainguard}. Only ecosystems
 * present in the DB are returned, so a Debian 11 advisory can never match a Debian 12 image. OS
 * packages are looked up by source package name, the binary name only when no source is recorded.
 *
 * <p>Application packages use {@link Package#ecosystem()}; Maven packages are named
 * {@code groupId:artifactId} (groupId from the PURL namespace). Packages without an ecosystem (from
 * an SBOM, another analyzer) are mapped by PURL type: {@code golang} to {@code Go}, {@code cargo} to
 * {@code crates.io}, {@code gem} to {@code RubyGems}, {@code composer} to {@code Packagist} (named
 * {@code vendor/name}) and {@code nuget} to {@code NuGet}. A package of type {@code binary}
 * named {@code node} is the node runtime, looked up in the Node.js WG data under
 * {@value SemverVersionScheme#NODE_RUNTIME_ECOSYSTEM}.
 *
 * <p>Not thread-safe (it remembers the last OS mapped): use one instance per match.
 */
public final class EcosystemMapper {

    /** OSV ecosystems of PURL types whose packages need no other mapping. */
    private static final Map<String, String> PURL_ECOSYSTEMS =
            Map.of("gem", "RubyGems", "composer", "Packagist", "nuget", "NuGet");

    /**
     * Distributions osv.dev publishes no advisories for, by os-release {@code ID}: their OS packages
     * cannot be checked at all, which a report must say loudly rather than look clean.
     */
    private static final Map<String, String> WITHOUT_OSV_DATA =
            Map.of("amzn", "Amazon Linux", "ol", "Oracle Linux");

    private static final Pattern PARENTHESIS = Pattern.compile("\\(([^)]+)\\)");

    /** Rolling distributions: one ecosystem, no release version. */
    private static final Set<String> ROLLING = Set.of("wolfi", "chainguard", "opensuse-tumbleweed");

    private final Collection<String> known;
    private OperatingSystem lastOs;
    private List<String> lastOsEcosystems;

    /**
     * @param known the ecosystems present in the database
     */
    public EcosystemMapper(Collection<String> known) {
        this.known = known;
    }

    /** Where to look a package up: the ecosystems to try, the name and the version. */
    public record Target(List<String> ecosystems, String name, String version) {
    }

    /**
     * The lookup target of a package; empty when the package has no ecosystem the DB knows (the
     * reason is then in {@code why}).
     */
    public Optional<Target> target(Package p, Optional<OperatingSystem> os, StringBuilder why) {
        if (p.kind() == PackageKind.OS) {
            if (os.isEmpty()) {
                why.append("no operating system detected");
                return Optional.empty();
            }
            // Every OS package of an inventory shares the OS: map it once.
            if (lastOs != os.get()) {
                lastOsEcosystems = osEcosystems(os.get());
                lastOs = os.get();
            }
            List<String> ecosystems = lastOsEcosystems;
            if (ecosystems.isEmpty()) {
                why.append("no advisories for ").append(os.get().family()).append(' ').append(os.get().version());
                return Optional.empty();
            }
            String version = p.effectiveSourceVersion();
            // rpm: the source RPM name carries no epoch; keep the binary package's epoch.
            int colon = p.version().indexOf(':');
            if (p.type().equals("rpm") && colon > 0 && version.indexOf(':') < 0) {
                version = p.version().substring(0, colon + 1) + version;
            }
            return Optional.of(new Target(ecosystems, p.effectiveSourceName(), version));
        }
        if (Package.TYPE_BINARY.equals(p.type()) && p.name().equals("node")) {
            return present(SemverVersionScheme.NODE_RUNTIME_ECOSYSTEM, p.name(), p.version(), why);
        }
        // Go modules and Rust crates from any source (an SBOM import, another analyzer): the PURL type
        // names the ecosystem, the Go module is the whole PURL path (OSV names modules by path and the
        // standard library "stdlib")
        String purlType = p.purl().getType();
        if (p.ecosystem().isEmpty() && (purlType.equals("golang") || purlType.equals("cargo"))) {
            String name = purlType.equals("golang") && p.purl().getNamespace() != null
                    ? p.purl().getNamespace() + "/" + p.purl().getName() : p.purl().getName();
            return present(purlType.equals("golang") ? "Go" : "crates.io", name, p.version(), why);
        }
        // Gems, Composer and NuGet packages from any source likewise: Packagist names are vendor/name
        // (the PURL namespace and name), gems and NuGet packages have no namespace
        if (p.ecosystem().isEmpty() && PURL_ECOSYSTEMS.containsKey(purlType)) {
            String name = p.purl().getNamespace() != null
                    ? p.purl().getNamespace() + "/" + p.purl().getName() : p.purl().getName();
            return present(PURL_ECOSYSTEMS.get(purlType), name, p.version(), why);
        }
        if (p.ecosystem().isEmpty()) {
            why.append("no ecosystem");
            return Optional.empty();
        }
        String ecosystem = p.ecosystem().get();
        String name = p.name();
        if (ecosystem.equals("Maven") && p.purl().getNamespace() != null) {
            name = p.purl().getNamespace() + ":" + p.purl().getName();
        }
        return present(ecosystem, name, p.version(), why);
    }

    private Optional<Target> present(String ecosystem, String name, String version, StringBuilder why) {
        if (!known.contains(ecosystem)) {
            why.append("no advisories for ecosystem ").append(ecosystem);
            return Optional.empty();
        }
        return Optional.of(new Target(List.of(ecosystem), name, version));
    }

    /**
     * The name of the distribution when OSV publishes no advisories for it at all (Amazon Linux,
     * Oracle Linux), so that no DB could hold any; empty for every other distribution.
     */
    public static Optional<String> withoutOsvData(OperatingSystem os) {
        return Optional.ofNullable(WITHOUT_OSV_DATA.get(os.family().toLowerCase(Locale.ROOT)));
    }

    /**
     * The distribution whose advisories an OS release is matched against when it has none of its
     * own ({@code Red Hat Enterprise Linux 7} for CentOS 7 and CentOS Stream 9); empty otherwise.
     */
    public static Optional<String> matchedAs(OperatingSystem os) {
        return os.family().equalsIgnoreCase("centos") && !os.majorVersion().isEmpty()
                ? Optional.of("Red Hat Enterprise Linux " + os.majorVersion()) : Optional.empty();
    }

    /**
     * Recall first: every {@code Red Hat:} ecosystem of the DB with a {@code <major>} component
     * ({@code Red Hat:enterprise_linux:9::appstream}, {@code ...::baseos}, {@code ...::crb}), whatever
     * the content sets say, because a package must not miss an appstream advisory when the image
     * names only baseos (UBI images list both, images built on them add their own, and a package's
     * stream in the advisory is Red Hat's grouping, not the repository it came from). Content sets
     * only add and order: the streams they name come first, and an Extended Update Support (or
     * AUS, E4S) content set adds every ecosystem with the {@code <major>.<minor>} component of the
     * release ({@code Red Hat:rhel_eus:9.2::appstream}).
     */
    private List<String> redHatEcosystems(OperatingSystem os) {
        String major = os.majorVersion();
        List<String> streams = new ArrayList<>();
        boolean extended = false;
        for (String set : os.contentSets()) {
            List<String> tokens = List.of(set.toLowerCase(Locale.ROOT).split("-"));
            streams.addAll(tokens);
            if (tokens.get(0).equals("codeready")) {
                streams.add("crb");
            }
            extended |= tokens.contains("eus") || tokens.contains("aus") || tokens.contains("e4s");
        }
        String minor = extended ? minorRelease(os.version()) : null;
        List<String> preferred = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String k : known) {
            if (!k.startsWith("Red Hat:")) {
                continue;
            }
            List<String> parts = List.of(k.split(":"));
            boolean release = parts.contains(major) || minor != null && parts.contains(minor);
            if (release) {
                (streams.contains(parts.get(parts.size() - 1)) ? preferred : others).add(k);
            }
        }
        preferred.sort(null);
        others.sort(null);
        preferred.addAll(others);
        return preferred;
    }

    /**
     * Recall first, as for Red Hat: SUSE files an advisory under the product or <em>module</em>
     * that ships the package ({@code SUSE:Linux Enterprise Module for Basesystem 15 SP5}), and
     * under support-phase names ({@code SUSE:Linux Enterprise Server 15 SP5-LTSS}); neither is in
     * os-release. So every {@code SUSE:} ecosystem of the DB for the service pack is used:
     * {@code VERSION_ID 15.5} is {@code <product> 15 SP5} or {@code <product> 15 SP5-<phase>},
     * {@code 15} is {@code <product> 15} or {@code <product> 15-<phase>}.
     */
    private List<String> suseEcosystems(OperatingSystem os) {
        String[] parts = os.version().split("\\.");
        if (!parts[0].matches("[0-9]+") || parts.length > 2 || parts.length == 2 && !parts[1].matches("[0-9]+")) {
            return List.of();
        }
        String release = parts[0] + (parts.length == 2 && !parts[1].equals("0") ? " SP" + parts[1] : "");
        Pattern own = Pattern.compile("SUSE:.* " + Pattern.quote(release) + "(-[A-Za-z0-9-]+)?");
        return known.stream().filter(k -> own.matcher(k).matches()).sorted().toList();
    }

    /**
     * openEuler names its releases {@code 22.03-LTS-SP3}: {@code VERSION_ID} {@code 22.03} plus the
     * parenthesis of {@code PRETTY_NAME} ({@code openEuler 22.03 (LTS-SP3)}). Without that
     * parenthesis, every {@code openEuler:<VERSION_ID>} and {@code openEuler:<VERSION_ID>-...} of the DB.
     */
    private List<String> openEulerEcosystems(OperatingSystem os) {
        String prefix = "openEuler:" + os.version();
        Matcher m = PARENTHESIS.matcher(os.name().orElse(""));
        if (m.find()) {
            return List.of(prefix + "-" + m.group(1).strip().replace(' ', '-'));
        }
        return known.stream().filter(k -> k.equals(prefix) || k.startsWith(prefix + "-")).sorted().toList();
    }

    /** {@code 9.2} of {@code 9.2} or {@code 9.2.1}; null without a minor release. */
    private static String minorRelease(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 || parts[1].isEmpty() ? null : parts[0] + "." + parts[1];
    }

    /** The DB ecosystems that apply to an OS release, in lookup order. */
    public List<String> osEcosystems(OperatingSystem os) {
        String family = os.family().toLowerCase(Locale.ROOT);
        String major = os.majorVersion();
        List<String> candidates = new ArrayList<>();
        switch (family) {
            case "debian" -> candidates.add("Debian:" + major);
            case "ubuntu" -> {
                candidates.add("Ubuntu:" + os.version() + ":LTS");
                candidates.add("Ubuntu:" + os.version());
                // Ubuntu Pro (ESM) records: whether the image is attached is not knowable (images
                // are detached before shipping), and a universe package or an LTS past standard
                // support has its advisories only there, so they are always looked up.
                candidates.add("Ubuntu:Pro:" + os.version() + ":LTS");
            }
            case "alpine" -> {
                String[] parts = os.version().split("\\.");
                if (parts.length >= 2) {
                    candidates.add("Alpine:v" + parts[0] + "." + parts[1]);
                }
            }
            case "rocky" -> candidates.add("Rocky Linux:" + major);
            case "almalinux" -> candidates.add("AlmaLinux:" + major);
            case "rhel", "centos" -> candidates.addAll(redHatEcosystems(os));
            case "sles", "sled" -> candidates.addAll(suseEcosystems(os));
            case "opensuse-leap" -> candidates.add("openSUSE:Leap " + os.version());
            case "opensuse-tumbleweed" -> candidates.add("openSUSE:Tumbleweed");
            case "mariner", "azurelinux" -> {
                // CBL-Mariner 2.0 was renamed Azure Linux; its records are under either name
                String release = os.version().endsWith(".0") ? major : os.version();
                for (String name : List.of("Mariner:", "Azure Linux:")) {
                    candidates.add(name + os.version());
                    candidates.add(name + release);
                }
            }
            case "openeuler" -> candidates.addAll(openEulerEcosystems(os));
            case "mageia" -> candidates.add("Mageia:" + os.version());
            case "wolfi" -> candidates.add("Wolfi");
            case "chainguard" -> candidates.add("Chainguard");
            default -> {
                // No OSV ecosystem for this distribution (yet).
            }
        }
        if (major.isEmpty() && !ROLLING.contains(family)) {
            return List.of();
        }
        return candidates.stream().filter(known::contains).distinct().toList();
    }
}
