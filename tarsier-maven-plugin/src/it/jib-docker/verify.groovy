import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// the failed build names the package and the version to upgrade to, with the count and severities
assert log.contains('com.fasterxml.jackson.core:jackson-databind 2.9.9 -> 2.9.10.3 (2 findings: 1 critical, 1 medium')
assert log.contains('policy failed')
// the second build passes and logs its summary
assert log.contains('1 suppressed; policy passed (os >= never, app >= high)')

// Jib's Docker-format tar: a manifest.json and gzip layers named <digest>.tar.gz
def tar = new File(basedir, 'target/jib-image.tar')
assert tar.isFile()
def names = []
new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new FileInputStream(tar)).withCloseable { t ->
    def e
    while ((e = t.nextEntry) != null) { names << e.name }
}
assert names.contains('manifest.json')
assert names.any { it ==~ /[0-9a-f]{64}\.tar\.gz/ }

// default outputs: JSON and SARIF in target/tarsier; the JSON has the package and the suppressed finding
def report = new JsonSlurper().parse(new File(basedir, 'target/tarsier/tarsier.json'))
def pkg = report.packages.find { it.purl == 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.9' }
assert pkg != null : report.packages*.purl
assert report.findings*.id == ['CVE-2019-12814']
assert report.suppressed*.id == ['CVE-2020-8840']
def sarif = new JsonSlurper().parse(new File(basedir, 'target/tarsier/tarsier.sarif'))
assert sarif.version == '2.1.0'
return true
