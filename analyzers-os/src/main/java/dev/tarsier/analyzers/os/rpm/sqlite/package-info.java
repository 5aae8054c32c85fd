/** A small read-only reader of SQLite database files and their write-ahead logs. */
package dev.tarsier.analyzers.os.rpm.sqlite;
