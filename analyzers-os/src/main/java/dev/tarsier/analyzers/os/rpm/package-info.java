/**
 * rpm: the analyzer that finds an rpm database, detects its format by magic bytes and turns the
 * header blobs into packages. Package dependencies: {@code rpm} uses {@code rpm.header},
 * {@code rpm.sqlite}, {@code rpm.bdb} and {@code rpm.ndb}; those four use nothing of each other
 * nor of {@code rpm}.
 */
package dev.tarsier.analyzers.os.rpm;
