/**
 * The compiled vulnerability DB file: format ({@link dev.tarsier.vulndb.internal.db.DbFormat}),
 * atomic writer and memory-mapped reader. Depends on {@code osv}.
 */
package dev.tarsier.vulndb.internal.db;
