package com.example.cargo;

import dev.tarsier.testkit.AnalyzerRunner;
import org.junit.jupiter.api.Test;

class CargoLockAnalyzerTest {

    @Test
    void analyze_lockFile_reportsEachPackage() {
        AnalyzerRunner.analyze(new CargoLockAnalyzer(), "app/Cargo.lock", """
                        version = 3

                        [[package]]
                        name = "serde"
                        version = "1.0.188"

                        [[package]]
                        name = "libc"
                        version = "0.2.147"
                        """)
                .assertPackages("serde@1.0.188", "libc@0.2.147")
                .assertNoDiagnostics()
                .assertPackage("serde").hasPurl("pkg:cargo/serde@1.0.188").hasEcosystem("crates.io");
    }
}
