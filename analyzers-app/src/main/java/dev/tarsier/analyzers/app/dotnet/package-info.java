/**
 * .NET: NuGet packages (and the self-contained runtime pack) of published applications, read from
 * their {@code *.deps.json}, reported as {@code pkg:nuget} packages of the OSV ecosystem
 * {@code NuGet}. Depends on the API only.
 */
package dev.tarsier.analyzers.app.dotnet;
