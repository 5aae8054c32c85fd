/** apk: Alpine's installed database {@code lib/apk/db/installed}. Depends on the API only. */
package dev.tarsier.analyzers.os.apk;
