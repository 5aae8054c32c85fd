package dev.tarsier.core.internal.walk;

import java.io.IOException;

/**
 * A layer went past one of the walk's caps: its message is the whole diagnostic (what was capped,
 * the cap, what was kept), not a stream failure to describe.
 */
final class LayerLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    LayerLimitException(String message) {
        super(message);
    }
}
