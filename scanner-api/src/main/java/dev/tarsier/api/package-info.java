/**
 * The public model: immutable records for images, layers, operating systems, packages, locations,
 * diagnostics and the inventory of an image. Depends on nothing but {@code packageurl-java}.
 *
 * @since 0.1
 */
package dev.tarsier.api;
