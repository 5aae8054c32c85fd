package dev.tarsier.cli;

/** Entry point of the {@code tarsier} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
