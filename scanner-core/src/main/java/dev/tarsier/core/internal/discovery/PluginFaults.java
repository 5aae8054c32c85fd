package dev.tarsier.core.internal.discovery;

/**
 * Tells the faults a plugin (or any analyzer) can cause, and that the scanner contains, from the
 * ones it must not swallow. Everything a plugin can throw is contained — exceptions, linkage
 * errors, assertion errors, a stack overflow, a {@code ServiceConfigurationError}, an {@code Error}
 * of its own — except a {@link VirtualMachineError} other than {@link StackOverflowError} (out of
 * memory, an internal JVM error), after which the JVM is no longer trustworthy.
 */
public final class PluginFaults {

    private PluginFaults() {
    }

    /**
     * Rethrows {@code t} if it must not be contained; otherwise returns normally. Restores the
     * interrupt flag for an {@link InterruptedException} thrown through an analyzer.
     */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError vm && !(t instanceof StackOverflowError)) {
            throw vm;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the fault shows the analyzer's code cannot run at all (a missing or incompatible
     * class): calling it again would fail the same way.
     */
    public static boolean isPermanent(Throwable t) {
        return t instanceof LinkageError;
    }

    /** One line: the class of the fault and its message, then the same for each cause. */
    public static String describe(Throwable t) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 4; c = c.getCause() == c ? null : c.getCause(), depth++) {
            if (depth > 0) {
                out.append(" (caused by ");
            }
            out.append(c.getClass().getName());
            if (c.getMessage() != null) {
                out.append(": ").append(c.getMessage().replace('\n', ' '));
            }
        }
        out.append(")".repeat(Math.max(0, depth - 1)));
        return out.toString();
    }
}
