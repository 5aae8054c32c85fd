def log = new File(basedir, 'build.log').text
assert log.contains('Tarsier scan skipped')
assert log.contains("Tarsier: no vulnerability database at ")
assert log.contains("empty-cache/db/tarsier.db; run 'tarsier db update' or set <db> (-Dtarsier.db=PATH)")
assert !new File(basedir, 'target/tarsier').exists()
return true
