/** A read-only reader of Berkeley DB hash databases as rpm up to 4.15 writes them. */
package dev.tarsier.analyzers.os.rpm.bdb;
