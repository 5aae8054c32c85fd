package dev.tarsier.core.internal.cache;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import dev.tarsier.api.Diagnostic;
import dev.tarsier.api.Location;
import dev.tarsier.api.OperatingSystem;
import dev.tarsier.api.Package;
import dev.tarsier.api.PackageKind;
import dev.tarsier.api.spi.FileOwnership;
import dev.tarsier.core.internal.walk.LayerResult;
import dev.tarsier.core.internal.walk.PathResult;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The binary form of a {@link LayerResult} in the persistent layer cache.
 *
 * <pre>
 * entry   = magic "TRSLAYER" (8 bytes) · format version (int32) · payload length (int32)
 *           · payload · CRC-32C of everything before it (int32)
 * payload = key (string) · LayerResult fields in record order
 * string  = length (int32) · UTF-8 bytes;  optional = flag byte · value;  list = count (int32) · items
 * </pre>
 *
 * All integers are big-endian. The key (diffID and analysis fingerprint) is repeated inside the
 * entry so that an entry read under another name is refused. Decoding checks the magic, version,
 * length and checksum before reading any field, and bounds every count by the bytes left, so a
 * damaged entry fails with {@link CorruptEntryException} and never allocates what a bad count asks.
 * Also the wire form of the public {@code LayerAnalysis}.
 */
public final class LayerCodec {

    static final int FORMAT_VERSION = 3;
    private static final byte[] MAGIC = "TRSLAYER".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 8;

    /** An entry that cannot be decoded: the reason is one line. */
    public static final class CorruptEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }

    private LayerCodec() {
    }

    /** The entry for a result, stored under {@code key}. */
    public static byte[] encode(String key, LayerResult result) {
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(payloadBytes)) {
            string(out, key);
            out.writeInt(result.layer());
            out.writeInt(result.results().size());
            for (Map.Entry<String, PathResult> e : result.results().entrySet()) {
                string(out, e.getKey());
                PathResult r = e.getValue();
                out.writeInt(r.packages().size());
                for (Package p : r.packages()) {
                    pkg(out, p);
                }
                out.writeInt(r.os().size());
                for (PathResult.OsEvidence os : r.os()) {
                    OperatingSystem s = os.os();
                    string(out, s.family());
                    string(out, s.version());
                    optional(out, s.codename());
                    optional(out, s.name());
                    strings(out, s.idLike());
                    strings(out, s.contentSets());
                    out.writeInt(os.confidence());
                    string(out, os.path());
                    out.writeInt(os.layer());
                }
                out.writeInt(r.ownerships().size());
                for (FileOwnership o : r.ownerships()) {
                    string(out, o.packageType());
                    string(out, o.packageName());
                    strings(out, o.files());
                }
            }
            strings(out, result.whiteouts());
            strings(out, result.opaqueDirs());
            out.writeInt(result.symlinks().size());
            for (Map.Entry<String, String> e : new TreeMap<>(result.symlinks()).entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            strings(out, result.shadows());
            out.writeInt(result.hardlinks().size());
            for (Map.Entry<String, LayerResult.HardLink> e : new TreeMap<>(result.hardlinks()).entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue().target());
                out.writeBoolean(e.getValue().analyzed());
            }
            out.writeInt(result.diagnostics().size());
            for (Diagnostic d : result.diagnostics()) {
                out.writeByte(d.severity().ordinal());
                string(out, d.source());
                out.writeInt(d.layer().orElse(-1));
                optional(out, d.path());
                string(out, d.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] payload = payloadBytes.toByteArray();
        ByteBuffer entry = ByteBuffer.allocate(HEADER + payload.length + 4);
        entry.put(MAGIC).putInt(FORMAT_VERSION).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(entry.array(), 0, entry.position());
        entry.putInt((int) crc.getValue());
        return entry.array();
    }

    /**
     * Decodes an entry written by {@link #encode} for the same key.
     *
     * @throws CorruptEntryException when the bytes are not such an entry
     */
    public static LayerResult decode(String key, byte[] bytes) throws CorruptEntryException {
        if (bytes.length < HEADER + 4) {
            throw new CorruptEntryException("truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CorruptEntryException("not a layer cache entry");
        }
        int version = in.getInt();
        if (version != FORMAT_VERSION) {
            throw new CorruptEntryException("format version " + version + ", this Tarsier reads " + FORMAT_VERSION);
        }
        int length = in.getInt();
        if (length < 0 || length != bytes.length - HEADER - 4) {
            throw new CorruptEntryException("truncated or overlong: payload of " + length + " bytes in "
                    + bytes.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + length);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, HEADER + length, 4).getInt()) {
            throw new CorruptEntryException("checksum mismatch");
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, HEADER, length).slice();
        try {
            LayerResult result = payload(payload, key);
            if (payload.hasRemaining()) {
                throw new CorruptEntryException(payload.remaining() + " bytes after the last field");
            }
            return result;
        } catch (BufferUnderflowException | IllegalArgumentException | NullPointerException
                 | IndexOutOfBoundsException | MalformedPackageURLException e) {
            throw new CorruptEntryException("undecodable: " + e);
        }
    }

    private static LayerResult payload(ByteBuffer in, String key) throws CorruptEntryException, MalformedPackageURLException {
        String storedKey = string(in);
        if (!storedKey.equals(key)) {
            throw new CorruptEntryException("entry belongs to another key");
        }
        int layer = in.getInt();
        int paths = count(in);
        SortedMap<String, PathResult> results = new TreeMap<>();
        for (int i = 0; i < paths; i++) {
            String path = string(in);
            int packageCount = count(in);
            List<Package> packages = new ArrayList<>(packageCount);
            for (int j = 0; j < packageCount; j++) {
                packages.add(pkg(in));
            }
            int osCount = count(in);
            List<PathResult.OsEvidence> os = new ArrayList<>(osCount);
            for (int j = 0; j < osCount; j++) {
                OperatingSystem s = new OperatingSystem(string(in), string(in), optional(in), optional(in),
                        strings(in, new ArrayList<>()), strings(in, new ArrayList<>()));
                os.add(new PathResult.OsEvidence(s, in.getInt(), string(in), in.getInt()));
            }
            int ownerCount = count(in);
            List<FileOwnership> owners = new ArrayList<>(ownerCount);
            for (int j = 0; j < ownerCount; j++) {
                owners.add(new FileOwnership(string(in), string(in), strings(in, new ArrayList<>())));
            }
            results.put(path, new PathResult(packages, os, owners));
        }
        Set<String> whiteouts = strings(in, new HashSet<>());
        Set<String> opaque = strings(in, new HashSet<>());
        int linkCount = count(in);
        Map<String, String> links = new HashMap<>();
        for (int i = 0; i < linkCount; i++) {
            links.put(string(in), string(in));
        }
        Set<String> shadows = strings(in, new HashSet<>());
        int hardlinkCount = count(in);
        Map<String, LayerResult.HardLink> hardlinks = new HashMap<>();
        for (int i = 0; i < hardlinkCount; i++) {
            String link = string(in);
            hardlinks.put(link, new LayerResult.HardLink(string(in), in.get() != 0));
        }
        int diagCount = count(in);
        List<Diagnostic> diagnostics = new ArrayList<>(diagCount);
        Diagnostic.Severity[] severities = Diagnostic.Severity.values();
        for (int i = 0; i < diagCount; i++) {
            int severity = in.get();
            if (severity < 0 || severity >= severities.length) {
                throw new CorruptEntryException("unknown diagnostic severity " + severity);
            }
            String source = string(in);
            int diagLayer = in.getInt();
            diagnostics.add(new Diagnostic(severities[severity], source,
                    diagLayer < 0 ? OptionalInt.empty() : OptionalInt.of(diagLayer), optional(in), string(in)));
        }
        return new LayerResult(layer, results, whiteouts, opaque, links, shadows, diagnostics, hardlinks);
    }

    private static void pkg(DataOutputStream out, Package p) throws IOException {
        string(out, p.type());
        string(out, p.name());
        string(out, p.version());
        string(out, p.purl().canonicalize());
        out.writeByte(p.kind().ordinal());
        optional(out, p.ecosystem());
        optional(out, p.sourceName());
        optional(out, p.sourceVersion());
        out.writeInt(p.location().layer());
        string(out, p.location().path());
        strings(out, p.licenses());
        strings(out, p.files());
        out.writeInt(p.properties().size());
        for (Map.Entry<String, String> e : p.properties().entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
        optional(out, p.analyzer());
    }

    private static Package pkg(ByteBuffer in) throws CorruptEntryException, MalformedPackageURLException {
        String type = string(in);
        String name = string(in);
        String version = string(in);
        PackageURL purl = new PackageURL(string(in));
        int kind = in.get();
        PackageKind[] kinds = PackageKind.values();
        if (kind < 0 || kind >= kinds.length) {
            throw new CorruptEntryException("unknown package kind " + kind);
        }
        Optional<String> ecosystem = optional(in);
        Optional<String> sourceName = optional(in);
        Optional<String> sourceVersion = optional(in);
        Location location = new Location(in.getInt(), string(in));
        List<String> licenses = strings(in, new ArrayList<>());
        List<String> files = strings(in, new ArrayList<>());
        int propertyCount = count(in);
        SortedMap<String, String> properties = new TreeMap<>();
        for (int i = 0; i < propertyCount; i++) {
            properties.put(string(in), string(in));
        }
        return new Package(type, name, version, purl, kinds[kind], ecosystem, sourceName, sourceVersion, location,
                licenses, files, properties, optional(in));
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
        out.writeBoolean(s.isPresent());
        if (s.isPresent()) {
            string(out, s.get());
        }
    }

    private static void strings(DataOutputStream out, Collection<String> values) throws IOException {
        List<String> ordered = values instanceof List<String> list ? list : values.stream().sorted().toList();
        out.writeInt(ordered.size());
        for (String s : ordered) {
            string(out, s);
        }
    }

    /** A count of items that each take at least one byte: never more than the bytes left. */
    private static int count(ByteBuffer in) throws CorruptEntryException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new CorruptEntryException("count " + n + " out of range");
        }
        return n;
    }

    private static String string(ByteBuffer in) throws CorruptEntryException {
        int n = count(in);
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Optional<String> optional(ByteBuffer in) throws CorruptEntryException {
        byte flag = in.get();
        if (flag != 0 && flag != 1) {
            throw new CorruptEntryException("bad optional flag " + flag);
        }
        return flag == 1 ? Optional.of(string(in)) : Optional.empty();
    }

    private static <C extends Collection<String>> C strings(ByteBuffer in, C into) throws CorruptEntryException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            into.add(string(in));
        }
        return into;
    }
}
