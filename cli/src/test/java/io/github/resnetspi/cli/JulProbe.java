package io.github.resnetspi.cli;

import java.util.Arrays;
import java.util.logging.Logger;

/** Started by CliLoggingTest in a JVM of its own: sets logging up as the CLI does, then logs through java.util.logging. */
public final class JulProbe {
    private JulProbe() {
    }

    public static void main(String[] args) {
        CliLogging.configure(Arrays.asList(args));
        Logger jul = Logger.getLogger("org.example.jul");
        jul.severe("severe through java.util.logging");
        jul.info("info through java.util.logging");
        Logger ours = Logger.getLogger("io.github.resnetspi.probe");
        ours.info("our info through java.util.logging");
        ours.fine("our debug through java.util.logging");
    }
}
