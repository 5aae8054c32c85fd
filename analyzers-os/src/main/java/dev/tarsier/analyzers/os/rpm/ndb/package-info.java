/** A read-only reader of rpm's own NDB package database ({@code Packages.db}, SUSE). */
package dev.tarsier.analyzers.os.rpm.ndb;
