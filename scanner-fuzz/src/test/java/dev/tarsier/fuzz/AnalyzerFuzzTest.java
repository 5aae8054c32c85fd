package dev.tarsier.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tarsier.analyzers.app.binary.BinaryAnalyzer;
import dev.tarsier.analyzers.app.dotnet.DepsJsonAnalyzer;
import dev.tarsier.analyzers.app.jar.JarAnalyzer;
import dev.tarsier.analyzers.app.node.NodeModulesAnalyzer;
import dev.tarsier.analyzers.app.node.NodeRuntimeAnalyzer;
import dev.tarsier.analyzers.app.node.PackageLockAnalyzer;
import dev.tarsier.analyzers.app.node.YarnLockAnalyzer;
import dev.tarsier.analyzers.app.php.ComposerInstalledAnalyzer;
import dev.tarsier.analyzers.app.php.ComposerLockAnalyzer;
import dev.tarsier.analyzers.app.ruby.GemSpecAnalyzer;
import dev.tarsier.analyzers.app.ruby.GemfileLockAnalyzer;
import dev.tarsier.analyzers.os.apk.ApkAnalyzer;
import dev.tarsier.analyzers.os.dpkg.DpkgAnalyzer;
import dev.tarsier.analyzers.os.release.OsReleaseAnalyzer;
import dev.tarsier.analyzers.os.rpm.RpmAnalyzer;
import dev.tarsier.analyzers.os.rpm.header.MalformedHeaderException;
import dev.tarsier.analyzers.os.rpm.header.RpmHeader;
import dev.tarsier.analyzers.python.PythonPackageAnalyzer;
import dev.tarsier.testkit.MemoryInput;

/**
 * Every analyzer of the OS, application and Python modules, fed one fuzzed file at a path it
 * selects, through its real entry point {@code Analyzer.analyze} (the walker's call). The property:
 * only the documented {@code IOException} may escape, and no diagnostic describes a programming
 * error ({@link Fuzz#analyze}).
 */
class AnalyzerFuzzTest {

    private static final int EXECUTABLE = 0755;

    private final DpkgAnalyzer dpkg = new DpkgAnalyzer();
    private final ApkAnalyzer apk = new ApkAnalyzer();
    private final RpmAnalyzer rpm = new RpmAnalyzer();
    private final OsReleaseAnalyzer osRelease = new OsReleaseAnalyzer();
    private final JarAnalyzer jar = new JarAnalyzer();
    private final NodeModulesAnalyzer nodeModules = new NodeModulesAnalyzer();
    private final PackageLockAnalyzer packageLock = new PackageLockAnalyzer();
    private final YarnLockAnalyzer yarnLock = new YarnLockAnalyzer();
    private final NodeRuntimeAnalyzer nodeRuntime = new NodeRuntimeAnalyzer();
    private final BinaryAnalyzer binary = new BinaryAnalyzer();
    private final PythonPackageAnalyzer python = new PythonPackageAnalyzer();
    private final ComposerLockAnalyzer composerLock = new ComposerLockAnalyzer();
    private final ComposerInstalledAnalyzer composerInstalled = new ComposerInstalledAnalyzer();
    private final GemfileLockAnalyzer gemfileLock = new GemfileLockAnalyzer();
    private final GemSpecAnalyzer gemSpec = new GemSpecAnalyzer();
    private final DepsJsonAnalyzer depsJson = new DepsJsonAnalyzer();

    @FuzzTest
    void dpkgStatus(byte[] data) {
        Fuzz.analyze(dpkg, "var/lib/dpkg/status", data);
    }

    @FuzzTest
    void dpkgStatusD(byte[] data) {
        Fuzz.analyze(dpkg, "var/lib/dpkg/status.d/libfuzz", data);
    }

    @FuzzTest
    void apkInstalled(byte[] data) {
        Fuzz.analyze(apk, "lib/apk/db/installed", data);
    }

    /** Berkeley DB hash {@code Packages}; the analyzer picks the reader by magic, whatever the name. */
    @FuzzTest
    void rpmBerkeleyDb(byte[] data) {
        Fuzz.analyze(rpm, "var/lib/rpm/Packages", data);
    }

    @FuzzTest
    void rpmNdb(byte[] data) {
        Fuzz.analyze(rpm, "usr/lib/sysimage/rpm/Packages.db", data);
    }

    @FuzzTest
    void rpmSqlite(byte[] data) {
        Fuzz.analyze(rpm, "var/lib/rpm/rpmdb.sqlite", data);
    }

    /**
     * {@code rpmdb.sqlite} and {@code rpmdb.sqlite-wal} ({@link Fuzz#splitPrefixed}): the WAL reaches
     * the analyzer as a companion.
     */
    @FuzzTest
    void rpmSqliteWal(byte[] data) {
        byte[][] parts = Fuzz.splitPrefixed(data);
        Fuzz.analyze(rpm, MemoryInput.of("var/lib/rpm/rpmdb.sqlite", parts[0]).withCompanion("-wal", parts[1]), data);
    }

    /** One rpm header blob (the value of every rpmdb record), read tag by tag. */
    @FuzzTest
    void rpmHeader(byte[] data) {
        RpmHeader h;
        try {
            h = RpmHeader.parse(data);
        } catch (MalformedHeaderException documented) {
            return;
        }
        for (int tag : new int[] {RpmHeader.TAG_NAME, RpmHeader.TAG_VERSION, RpmHeader.TAG_RELEASE, RpmHeader.TAG_EPOCH,
                RpmHeader.TAG_VENDOR, RpmHeader.TAG_LICENSE, RpmHeader.TAG_ARCH, RpmHeader.TAG_OLDFILENAMES,
                RpmHeader.TAG_SOURCERPM, RpmHeader.TAG_DIRINDEXES, RpmHeader.TAG_BASENAMES, RpmHeader.TAG_DIRNAMES,
                RpmHeader.TAG_MODULARITYLABEL}) {
            h.has(tag);
            try {
                h.string(tag);
            } catch (MalformedHeaderException documented) {
                // a tag of the wrong type or out of the data store
            }
            try {
                h.strings(tag);
            } catch (MalformedHeaderException documented) {
                // idem
            }
            try {
                h.integer(tag);
            } catch (MalformedHeaderException documented) {
                // idem
            }
            try {
                h.int32s(tag);
            } catch (MalformedHeaderException documented) {
                // idem
            }
        }
    }

    @FuzzTest
    void osRelease(byte[] data) {
        Fuzz.analyze(osRelease, "etc/os-release", data);
    }

    /** A jar (or war/ear); nested archives are read as nested streams. */
    @FuzzTest
    void jar(byte[] data) {
        Fuzz.analyze(jar, "opt/app/app.jar", data);
    }

    @FuzzTest
    void packageJson(byte[] data) {
        Fuzz.analyze(nodeModules, "app/node_modules/@scope/pkg/package.json", data);
    }

    @FuzzTest
    void packageLock(byte[] data) {
        Fuzz.analyze(packageLock, "app/package-lock.json", data);
    }

    @FuzzTest
    void yarnLock(byte[] data) {
        Fuzz.analyze(yarnLock, "app/yarn.lock", data);
    }

    /** The node runtime's bounded streaming version search in an executable named {@code node}. */
    @FuzzTest
    void nodeBinary(byte[] data) {
        Fuzz.analyze(nodeRuntime, new MemoryInput("usr/local/bin/node", data, EXECUTABLE, 0), data);
    }

    /** Go build information and Rust cargo-auditable sections of an ELF executable. */
    @FuzzTest
    void goRustBinary(byte[] data) {
        Fuzz.analyze(binary, new MemoryInput("usr/local/bin/app", data, EXECUTABLE, 0), data);
    }

    @FuzzTest
    void pythonMetadata(byte[] data) {
        Fuzz.analyze(python, "usr/lib/python3/site-packages/fuzz-1.0.dist-info/METADATA", data);
    }

    @FuzzTest
    void composerLock(byte[] data) {
        Fuzz.analyze(composerLock, "app/composer.lock", data);
    }

    @FuzzTest
    void composerInstalled(byte[] data) {
        Fuzz.analyze(composerInstalled, "app/vendor/composer/installed.json", data);
    }

    @FuzzTest
    void gemfileLock(byte[] data) {
        Fuzz.analyze(gemfileLock, "app/Gemfile.lock", data);
    }

    @FuzzTest
    void gemSpec(byte[] data) {
        Fuzz.analyze(gemSpec, "usr/local/bundle/specifications/fuzz-1.0.gemspec", data);
    }

    @FuzzTest
    void depsJson(byte[] data) {
        Fuzz.analyze(depsJson, "app/App.deps.json", data);
    }
}
