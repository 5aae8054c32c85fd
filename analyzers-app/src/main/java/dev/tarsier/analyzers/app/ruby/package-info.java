/**
 * Ruby: installed gems ({@code specifications/*.gemspec}) and Bundler lock files
 * ({@code Gemfile.lock}), reported as {@code pkg:gem} packages of the OSV ecosystem
 * {@code RubyGems}. Depends on the API only.
 */
package dev.tarsier.analyzers.app.ruby;
