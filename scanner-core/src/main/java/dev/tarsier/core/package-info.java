/**
 * The scanner's public entry points: {@code ImageScanner}, image references and exceptions, and
 * {@code RegistryArtifacts}, which pushes and pulls a single file as an OCI artifact (the compiled
 * vulnerability database) with the registry options both share ({@code RegistryOptions}).
 * {@code ImagePlan} and {@code LayerAnalysis} carry an image scanned layer by layer
 * ({@code ImageScanner.resolve}, {@code analyzeLayer}, {@code assemble}) between processes.
 */
package dev.tarsier.core;
