package io.github.resnetspi.cli;

import io.github.resnetspi.cli.exec.ChildJvm;
import java.util.List;
import java.util.logging.Level;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The command line's logging, set up once when the process starts, before anything logs: the library and the engines
 * log through SLF4J, which the CLI binds to slf4j-simple (configured in {@code simplelogger.properties}: warnings and
 * errors, plus resnet-spi's own notices, on stderr); java.util.logging is routed there too; and TensorFlow's native
 * start-up chatter, which only an environment variable read when its library loads can silence, is hidden in the
 * child JVMs this CLI starts. {@code --verbose} turns resnet-spi's logging to debug, the other libraries' to info, and
 * lets TensorFlow's native log through.
 */
public final class CliLogging {
    private static final String OUR_LEVEL = "org.slf4j.simpleLogger.log.io.github.resnetspi";
    private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private CliLogging() {
    }

    /**
     * Configures logging for this process; call first in {@code main}, before SLF4J is first used.
     *
     * @param args the command line ({@code --verbose} anywhere turns verbose logging on)
     */
    static void configure(List<String> args) {
        boolean verbose = args.contains("--verbose");
        ChildJvm.verbose(verbose);
        if (verbose) {
            // slf4j-simple reads its settings once, when the first logger is made; a level the user set wins.
            setIfAbsent(OUR_LEVEL, "debug");
            setIfAbsent(DEFAULT_LEVEL, "info");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // java.util.logging drops records below its root level before the bridge sees them.
        java.util.logging.Logger.getLogger("").setLevel(verbose ? Level.FINE : Level.INFO);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
