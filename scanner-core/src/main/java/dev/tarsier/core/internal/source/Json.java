package dev.tarsier.core.internal.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tarsier.core.ImageAccessException;

import java.io.IOException;
import java.util.Optional;

/** Reading the JSON documents of an image layout with clear errors. */
public final class Json {
    /**
     * Deepest nesting of arrays and objects read from image metadata (manifests, indexes, configs,
     * registry responses), whose real documents nest fewer than ten levels. A deeper document is
     * refused with Jackson's {@code StreamConstraintsException} ("nesting depth ... exceeds the
     * maximum allowed"), before any recursion could exhaust the stack.
     */
    public static final int MAX_NESTING_DEPTH = 100;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build());

    private Json() {
    }

    public static JsonNode required(BlobReader blobs, String path, String source) throws ImageAccessException {
        Optional<byte[]> bytes;
        try {
            bytes = blobs.read(path);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        if (bytes.isEmpty()) {
            throw new ImageAccessException(source + ": " + path + " is missing");
        }
        return parse(bytes.get(), path, source);
    }

    public static JsonNode parse(byte[] bytes, String path, String source) throws ImageAccessException {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ImageAccessException(source + ": " + path + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ImageAccessException(source + ": cannot parse " + path + ": " + e.getMessage(), e);
        }
    }

    /** Layout path of a blob: {@code sha256:abc} becomes {@code blobs/sha256/abc}. */
    public static String blobPath(String digest, String source) throws ImageAccessException {
        int colon = digest.indexOf(':');
        if (colon <= 0 || digest.indexOf('/') >= 0 || digest.contains("..")) {
            throw new ImageAccessException(source + ": invalid digest '" + digest + "'");
        }
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }
}
