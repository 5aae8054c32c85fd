package dev.tarsier.core.internal.registry;

import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/**
 * A response as the registry client looks at it, whichever HTTP stack carried it: status, headers
 * and a body stream the caller reads (or closes early) once.
 */
record Reply(int statusCode, HttpHeaders headers, InputStream body) {

    static Reply of(HttpResponse<InputStream> response) {
        return new Reply(response.statusCode(), response.headers(), response.body());
    }
}
