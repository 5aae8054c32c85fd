/** The scanner's public entry points: {@code ImageScanner}, image references and exceptions. */
package dev.tarsier.core;
