/**
 * Node.js: installed packages ({@code node_modules/**}/{@code package.json}), lockfiles
 * ({@code package-lock.json}, {@code npm-shrinkwrap.json}, {@code yarn.lock}) and the {@code node}
 * runtime binary. Holds a small strict JSON reader so that the module needs nothing but the API.
 */
package dev.tarsier.analyzers.app.node;
