/**
 * Operating-system detection from os-release(5) and distribution release files. Depends on the
 * API only.
 */
package dev.tarsier.analyzers.os.release;
