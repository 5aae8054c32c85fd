/** The rpm header blob: the index of tagged entries and its data store. */
package dev.tarsier.analyzers.os.rpm.header;
