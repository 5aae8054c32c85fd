module com.example.cargo {
    requires dev.tarsier.api;

    provides dev.tarsier.api.spi.Analyzer with com.example.cargo.CargoLockAnalyzer;
}
