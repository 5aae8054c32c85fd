import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')

// each module scanned its own image and wrote its own reports
def a = new JsonSlurper().parse(new File(basedir, 'image-a/target/tarsier/tarsier.json'))
def b = new JsonSlurper().parse(new File(basedir, 'image-b/target/tarsier/tarsier.json'))
assert a.image.source.endsWith('image-a/target/jib-image.tar')
assert b.image.source.endsWith('image-b/target/jib-image.tar')
assert a.packages*.name.contains('jackson-databind')
assert !b.packages*.name.contains('jackson-databind')
assert b.packages*.name == ['jackson-core']
assert a.findings*.id.sort() == ['CVE-2019-12814', 'CVE-2020-8840']
assert b.findings.isEmpty()
// image-b's gate (app >= low) passed on its clean image; image-a has no threshold
assert log.contains('image-b/target/jib-image.tar: 1 packages, 0 active findings (os none; app none), 0 suppressed; policy passed (os >= never, app >= low)')
assert log.contains('image-a/target/jib-image.tar: 3 packages, 2 active findings (os none; app 1 critical, 1 medium), 0 suppressed; policy passed (os >= never, app >= never)')
return true
