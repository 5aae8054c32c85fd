/**
 * The compiled vulnerability DB file: format ({@link dev.tarsier.core.internal.db.DbFormat}),
 * atomic writer and memory-mapped reader. Depends on {@code osv}.
 */
package dev.tarsier.core.internal.db;
