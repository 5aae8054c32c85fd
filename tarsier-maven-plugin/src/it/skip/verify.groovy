def log = new File(basedir, 'build.log').text
assert log.contains('Tarsier scan skipped')
assert log.contains("Tarsier: no vulnerability database at ")
assert log.contains("empty-cache/db/tarsier.db; run 'tarsier db update' or set <db> (-Dtarsier.db=PATH)")
assert !new File(basedir, 'target/tarsier').exists()
// -Dtarsier.vexFiles=a,b is split into two files: the error names the first alone
assert log.contains('missing-one.vex.json')
assert !log.contains('missing-one.vex.json,missing-two.vex.json')
return true
