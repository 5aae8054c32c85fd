// Builds the project's small vulnerability DB from the OSV records shared by the integration tests
// (src/it/advisories) with scanner-vulndb, the library behind 'tarsier db build', as a CI job would
// run 'tarsier db update' before Maven.
def db = new File(basedir, 'target/it.db').toPath()
java.nio.file.Files.createDirectories(db.parent)
new dev.tarsier.vulndb.VulnerabilityDatabaseBuilder()
        .source(new File(advisories).toPath())
        .build(db)
return true
