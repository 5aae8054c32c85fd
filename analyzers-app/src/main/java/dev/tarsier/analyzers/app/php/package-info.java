/**
 * PHP: packages installed by Composer ({@code vendor/composer/installed.json}) and declared by
 * {@code composer.lock}, reported as {@code pkg:composer} packages of the OSV ecosystem
 * {@code Packagist}. Depends on the API only.
 */
package dev.tarsier.analyzers.app.php;
