package dev.tarsier.harbor.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of Harbor's ScanRequest and the Accept negotiation of reports. */
class ScanRequestTest {

    private static final String DIGEST = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    private static ScanRequest parse(String json) throws ScanRequest.Invalid {
        return ScanRequest.parse(json.getBytes(StandardCharsets.UTF_8), new ObjectMapper());
    }

    @Test
    void parse_theSpecsExample_givesTheRegistryHostAndADigestReference() throws Exception {
        ScanRequest r = parse("""
                {"registry": {"url": "https://core.harbor.domain", "authorization": "Basic BASE64_ENCODED_CREDENTIALS"},
                 "artifact": {"repository": "library/mongo", "digest": "%s", "tag": "3.14-xenial",
                              "mime_type": "application/vnd.docker.distribution.manifest.v2+json"}}
                """.formatted(DIGEST));
        assertEquals("core.harbor.domain", r.registryHost());
        assertFalse(r.plainHttp());
        assertEquals("registry:core.harbor.domain/library/mongo@" + DIGEST, r.imageReference());
        assertEquals(Optional.of("3.14-xenial"), r.artifact().tag());
        assertEquals(Set.of("vulnerability", "sbom"), r.capabilities());
        assertFalse(r.toString().contains("BASE64_ENCODED_CREDENTIALS"), r.toString());
    }

    @Test
    void parse_plainHttpCoreWithPortAndATagOnly_scansTheTag() throws Exception {
        ScanRequest r = parse("""
                {"registry": {"url": "http://harbor-core:8080/"}, "artifact": {"repository": "team/app", "tag": "1.0"},
                 "enabled_capabilities": [{"type": "sbom", "produces_mime_types": ["application/vnd.security.sbom.report+json; version=1.0"],
                   "parameters": {"sbom_media_types": ["application/spdx+json", "application/vnd.cyclonedx+json"]}}]}
                """);
        assertTrue(r.plainHttp());
        assertEquals("harbor-core:8080", r.registryHost());
        assertEquals("registry:harbor-core:8080/team/app:1.0", r.imageReference());
        assertEquals(Set.of("sbom"), r.capabilities());
    }

    @Test
    void parse_registryUrlWithAPathOrCredentials_is422() {
        for (String url : new String[] {"https://h.example/v2/", "https://user:pw@h.example", "https://h.example?x=1", "h.example"}) {
            ScanRequest.Invalid e = assertThrows(ScanRequest.Invalid.class, () -> parse(
                    "{\"registry\": {\"url\": \"" + url + "\"}, \"artifact\": {\"repository\": \"a/b\", \"digest\": \"" + DIGEST + "\"}}"));
            assertEquals(422, e.status(), url);
            assertFalse(e.getMessage().contains("pw"), e.getMessage());
        }
    }

    @Test
    void negotiate_picksTheFirstProducedTypeAndDefaultsToTheV11Report() {
        assertEquals(Optional.of(MediaTypes.VULN_REPORT_1_1), MediaTypes.negotiate(null));
        assertEquals(Optional.of(MediaTypes.VULN_REPORT_1_1), MediaTypes.negotiate("*/*"));
        assertEquals(Optional.of(MediaTypes.VULN_REPORT_1_0),
                MediaTypes.negotiate("application/vnd.scanner.adapter.vuln.report.harbor+json;version=1.0"));
        assertEquals(Optional.of(MediaTypes.SBOM_REPORT),
                MediaTypes.negotiate("text/html, application/vnd.security.sbom.report+json; version=1.0"));
        assertEquals(Optional.of(MediaTypes.RAW_REPORT), MediaTypes.negotiate("application/vnd.scanner.adapter.vuln.report.raw"));
        assertEquals(Optional.empty(), MediaTypes.negotiate("application/vnd.security.vulnerability.report; version=9.9"));
    }
}
