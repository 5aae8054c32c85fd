/** CVSS v2, v3.0/v3.1 and v4.0 base scores computed from vector strings. Depends on nothing else. */
package dev.tarsier.vulndb.internal.cvss;
