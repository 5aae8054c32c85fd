import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('com.fasterxml.jackson.core:jackson-databind 2.9.9 -> 2.9.10.3 (1 finding: 1 critical;')
assert log.contains('policy failed: 1 finding at or above the threshold (os 0, app 1) (os >= never, app >= critical)')

// Jib's OCI-format tar: an OCI image layout (oci-layout, index.json, blobs/sha256/...)
def names = []
new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new FileInputStream(new File(basedir, 'target/jib-image.tar'))).withCloseable { t ->
    def e
    while ((e = t.nextEntry) != null) { names << e.name }
}
assert names.contains('oci-layout') && names.contains('index.json') : names
assert !names.contains('manifest.json') : names

// the configured outputs, and not the defaults
assert !new File(basedir, 'target/tarsier').exists()
def report = new JsonSlurper().parse(new File(basedir, 'target/reports/scan.json'))
assert report.findings*.id.sort() == ['CVE-2019-12814', 'CVE-2020-8840']
def sbom = new JsonSlurper().parse(new File(basedir, 'target/reports/sbom.cdx.json'))
assert sbom.bomFormat == 'CycloneDX'
assert sbom.components*.purl.contains('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.9')
return true
