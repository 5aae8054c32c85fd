package dev.tarsier.analyzers.os.rpm;

import dev.tarsier.analyzers.os.rpm.header.MalformedHeaderException;
import dev.tarsier.analyzers.os.rpm.header.RpmHeader;
import dev.tarsier.api.Location;
import dev.tarsier.api.Package;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RpmHeaderTest {

    private static final Location LOC = new Location(0, "var/lib/rpm/rpmdb.sqlite");

    @Test
    void parse_fullHeader_givesEveryTagAndTheFileList() throws Exception {
        byte[] blob = new HeaderBlobs().string(RpmHeader.TAG_NAME, "bind-license")
                .string(RpmHeader.TAG_VERSION, "9.9.4").string(RpmHeader.TAG_RELEASE, "73.el7_6")
                .string(RpmHeader.TAG_ARCH, "noarch").string(RpmHeader.TAG_SOURCERPM, "bind-9.9.4-73.el7_6.src.rpm")
                .int32(RpmHeader.TAG_EPOCH, 32)
                .string(RpmHeader.TAG_VENDOR, "CentOS")
                .string(RpmHeader.TAG_LICENSE, "ISC")
                .string(RpmHeader.TAG_MODULARITYLABEL, "perl:5.26:820181219174508:9edba152")
                .strings(RpmHeader.TAG_DIRNAMES, "/etc/", "/usr/share/doc/bind-license/")
                .strings(RpmHeader.TAG_BASENAMES, "named.conf", "LICENSE", "README")
                .int32(RpmHeader.TAG_DIRINDEXES, 0, 1, 1)
                .build();
        RpmHeader h = RpmHeader.parse(blob);
        assertEquals(Optional.of("bind-license"), h.string(RpmHeader.TAG_NAME));
        assertEquals(OptionalLong.of(32), h.integer(RpmHeader.TAG_EPOCH));
        assertArrayEquals(new int[] {0, 1, 1}, h.int32s(RpmHeader.TAG_DIRINDEXES));
        Package p = RpmPackages.toPackage(h, LOC).pkg().orElseThrow();
        assertEquals("32:9.9.4-73.el7_6", p.version());
        assertEquals(Optional.of("bind"), p.sourceName());
        assertEquals(Optional.of("32:9.9.4-73.el7_6"), p.sourceVersion());
        assertEquals(List.of("ISC"), p.licenses());
        assertEquals(Optional.of("CentOS"), p.property("vendor"));
        assertEquals(Optional.of("perl:5.26:820181219174508:9edba152"), p.property("modularitylabel"));
        assertEquals(List.of("etc/named.conf", "usr/share/doc/bind-license/LICENSE",
                "usr/share/doc/bind-license/README"), p.files());
        assertEquals("pkg:rpm/centos/bind-license@9.9.4-73.el7_6?arch=noarch&epoch=32", p.purl().canonicalize());
    }

    @Test
    void toPackage_oldFileNames_areUsedWhenThereAreNoBaseNames() throws Exception {
        byte[] blob = HeaderBlobs.pkg("setup", "2.5.58", "9.el5", "noarch")
                .strings(RpmHeader.TAG_OLDFILENAMES, "/etc/passwd", "/etc/group").build();
        Package p = RpmPackages.toPackage(RpmHeader.parse(blob), LOC).pkg().orElseThrow();
        assertEquals(List.of("etc/passwd", "etc/group"), p.files());
        assertEquals("pkg:rpm/setup@2.5.58-9.el5?arch=noarch", p.purl().canonicalize());
    }

    @Test
    void toPackage_gpgPubkey_isSkippedWithoutAProblem() throws Exception {
        RpmPackages.Outcome out = RpmPackages.toPackage(RpmHeader.parse(
                HeaderBlobs.pkg("gpg-pubkey", "f4a80eb5", "53a7ff4b", "(none)").build()), LOC);
        assertTrue(out.pkg().isEmpty());
        assertTrue(out.problem().isEmpty());
    }

    @Test
    void toPackage_headerWithoutName_isAProblem() throws Exception {
        RpmPackages.Outcome out = RpmPackages.toPackage(RpmHeader.parse(
                new HeaderBlobs().string(RpmHeader.TAG_VERSION, "1").build()), LOC);
        assertTrue(out.pkg().isEmpty());
        assertTrue(out.problem().orElseThrow().contains("NAME"));
    }

    @Test
    void parseSourceRpm_splitsNameFromVersionAndRelease() {
        assertArrayEquals(new String[] {"util-linux", "2.32.1-42.el8_8"},
                RpmPackages.parseSourceRpm("util-linux-2.32.1-42.el8_8.src.rpm").orElseThrow());
        assertArrayEquals(new String[] {"kernel", "5.14.0-1"},
                RpmPackages.parseSourceRpm("kernel-5.14.0-1.nosrc.rpm").orElseThrow());
        assertFalse(RpmPackages.parseSourceRpm("(none)").isPresent());
        assertFalse(RpmPackages.parseSourceRpm("noversion.src.rpm").isPresent());
    }

    @Test
    void namespaceOf_mapsKnownVendorsOnly() {
        assertEquals(Optional.of("redhat"), RpmPackages.namespaceOf("Red Hat, Inc."));
        assertEquals(Optional.of("suse"), RpmPackages.namespaceOf("SUSE LLC <https://www.suse.com/>"));
        assertEquals(Optional.of("mariner"), RpmPackages.namespaceOf("Microsoft Corporation"));
        assertEquals(Optional.of("centos"), RpmPackages.namespaceOf("CentOS"));
        assertEquals(Optional.empty(), RpmPackages.namespaceOf("Tarsier Tests"));
        assertEquals(Optional.empty(), RpmPackages.namespaceOf(null));
    }

    @Test
    void parse_truncatedBlob_isRejected() {
        byte[] blob = HeaderBlobs.pkg("a", "1", "1", "x86_64").build();
        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(Arrays.copyOf(blob, blob.length - 3)));
        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(new byte[5]));
    }

    @Test
    void parse_hostileCounts_areRejectedWithoutAllocating() {
        assertThrows(MalformedHeaderException.class,
                () -> RpmHeader.parse(ByteBuffer.allocate(8).putInt(0x7fffffff).putInt(16).array()));
        assertThrows(MalformedHeaderException.class,
                () -> RpmHeader.parse(ByteBuffer.allocate(8).putInt(1).putInt(0x7fffffff).array()));
        assertThrows(MalformedHeaderException.class,
                () -> RpmHeader.parse(ByteBuffer.allocate(8).putInt(0).putInt(0).array()));
    }

    @Test
    void string_unterminatedAtTheEndOfTheStore_isRejected() throws Exception {
        byte[] blob = HeaderBlobs.pkg("a", "1", "1", "x86_64").build();
        blob[blob.length - 1] = 'x'; // the SOURCERPM string loses its NUL
        RpmHeader h = RpmHeader.parse(blob);
        assertEquals(Optional.of("a"), h.string(RpmHeader.TAG_NAME));
        assertThrows(MalformedHeaderException.class, () -> h.string(RpmHeader.TAG_SOURCERPM));
    }

    @Test
    void int32s_arrayRunningPastTheStore_isRejected() throws Exception {
        byte[] blob = HeaderBlobs.pkg("a", "1", "1", "x86_64").int32(RpmHeader.TAG_DIRINDEXES, 0, 1).build();
        // Entry 5 is DIRINDEXES: raise its count from 2 to 8, past the end of the store.
        ByteBuffer.wrap(blob).putInt(8 + 5 * 16 + 12, 8);
        RpmHeader h = RpmHeader.parse(blob);
        assertThrows(MalformedHeaderException.class, () -> h.int32s(RpmHeader.TAG_DIRINDEXES));
    }

    @Test
    void files_dirIndexOutsideDirNames_isRejected() throws Exception {
        byte[] blob = HeaderBlobs.pkg("a", "1", "1", "x86_64")
                .strings(RpmHeader.TAG_DIRNAMES, "/etc/")
                .strings(RpmHeader.TAG_BASENAMES, "x")
                .int32(RpmHeader.TAG_DIRINDEXES, 3).build();
        assertThrows(MalformedHeaderException.class, () -> RpmPackages.files(RpmHeader.parse(blob)));
    }
}
