/**
 * Java archives: {@code *.jar}, {@code *.war}, {@code *.ear} and the other zip-based Java
 * packagings listed in {@link dev.tarsier.analyzers.app.jar.JarAnalyzer}. Archives are read as
 * one-pass {@link java.util.zip.ZipInputStream}s, nested archives as nested streams, with caps on
 * depth and inflated bytes. Depends on {@code dev.tarsier.api} only.
 */
package dev.tarsier.analyzers.app.jar;
