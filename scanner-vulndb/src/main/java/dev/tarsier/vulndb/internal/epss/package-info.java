/**
 * FIRST's daily EPSS CSV streamed into EPSS scores per CVE. Depends on {@code enrich} and
 * {@code enrich}; no JSON.
 */
package dev.tarsier.vulndb.internal.epss;
