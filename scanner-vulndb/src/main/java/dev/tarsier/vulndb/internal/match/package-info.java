/**
 * Matching internals: ecosystem mapping of inventory packages, OSV range evaluation and alias
 * folding. Depends on {@code version} and {@code osv}.
 */
package dev.tarsier.vulndb.internal.match;
