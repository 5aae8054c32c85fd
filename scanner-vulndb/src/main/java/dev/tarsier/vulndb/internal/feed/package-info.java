/**
 * Downloading advisory feeds (osv.dev exports, NVD yearly files and their {@code .meta}, CISA KEV,
 * FIRST EPSS, the Node.js security WG index) into a local cache:
 * {@link dev.tarsier.vulndb.internal.feed.FeedFetcher} makes conditional, retried, verified
 * downloads and commits a body only once it is whole; {@link dev.tarsier.vulndb.internal.feed.NvdMeta}
 * reads NVD's {@code .meta} files so an unchanged year is not downloaded again.
 *
 * <p>Cache layout, one folder per feed: {@code <cacheDir>/<feed name>/body} (the bytes as served)
 * and {@code <cacheDir>/<feed name>/meta.json} (where they came from, validators, digest). Depends
 * on no other package of this module; uses {@code java.net.http} and Jackson.
 */
package dev.tarsier.vulndb.internal.feed;
