/**
 * CVE JSON 5 records (cvelistV5, CISA Vulnrichment) read into the CNA's and CISA-ADP's ratings of
 * each CVE. Depends on {@code enrich} and Jackson's tree model.
 */
package dev.tarsier.vulndb.internal.cve5;
