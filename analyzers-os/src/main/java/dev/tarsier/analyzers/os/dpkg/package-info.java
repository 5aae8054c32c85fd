/**
 * dpkg: the status database ({@code var/lib/dpkg/status}), distroless {@code status.d} files and
 * the per-package file lists in {@code var/lib/dpkg/info}. Depends on the API only.
 */
package dev.tarsier.analyzers.os.dpkg;
