package dev.tarsier.core;

import dev.tarsier.api.spi.Analyzer;
import dev.tarsier.api.spi.AnalyzerInput;
import dev.tarsier.api.spi.FileSelector;
import dev.tarsier.api.spi.ResultSink;

import java.io.IOException;

/** Base for test providers that ServiceLoader instantiates by class name. */
abstract class DelegatingAnalyzer implements Analyzer {
    private final Analyzer delegate;

    DelegatingAnalyzer(Analyzer delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public int version() {
        return delegate.version();
    }

    @Override
    public FileSelector selector() {
        return delegate.selector();
    }

    @Override
    public void analyze(AnalyzerInput input, ResultSink sink) throws IOException {
        delegate.analyze(input, sink);
    }
}
