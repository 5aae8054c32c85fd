package dev.tarsier.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A statement that a package owns some files, for package managers that keep file lists apart
 * from the package records (dpkg's {@code var/lib/dpkg/info/NAME.list}). The scanner attaches the
 * files to the surviving package of that type and name after folding the layers.
 *
 * @param packageType package type ({@code deb}); never null
 * @param packageName package name; never null
 * @param files owned files as relative image paths; never null
 * @since 0.1
 */
public record FileOwnership(String packageType, String packageName, List<String> files) {

    public FileOwnership {
        Objects.requireNonNull(packageType, "packageType");
        Objects.requireNonNull(packageName, "packageName");
        files = List.copyOf(files);
    }
}
