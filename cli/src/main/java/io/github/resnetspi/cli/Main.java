package io.github.resnetspi.cli;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.cli.args.UsageException;
import io.github.resnetspi.cli.exec.ChildJvm;
import io.github.resnetspi.cli.exec.ParentWatch;
import io.github.resnetspi.cli.inference.InferenceCellCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code resnet-spi}: list backends, print shapes, train one backend, compare several (and rebuild a comparison's
 * report), run the conformance kit.
 * Errors are one line on stderr and a non-zero exit code (1 for failures, 2 for bad arguments); {@code --verbose}
 * adds the stack trace and turns logging up ({@link CliLogging}).
 */
@Command(name = "resnet-spi", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "One ResNet description, several deep-learning engines: train, compare and check them.",
        subcommands = {BackendsCommand.class, ShapesCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class, CompareCommand.class, ReportCommand.class, ConformanceCommand.class,
                BackendInfoCommand.class, InferenceCellCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces and child-process logs.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CliLogging.configure(java.util.Arrays.asList(args));
        ParentWatch.startIfChild(System.err, ChildJvm.ERROR_PREFIX);
        PrintWriter err = new PrintWriter(System.err, true);
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        // Another thread (an engine's, the progress bar's) that dies says so in one line too; out of memory, or
        // another failure of the JVM itself, ends the run, whose results could no longer be trusted.
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> {
            report(ex, err, verbose);
            if (ex instanceof VirtualMachineError) {
                System.exit(1);
            }
        });
        int code = run(args, new PrintWriter(System.out, true), err);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands on Errors; by now the stack that ran out has unwound and freed what it held.
            return report(e, err, java.util.Arrays.asList(args).contains("--verbose"));
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.nio.file.Path.class, new PathArgument());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(ChildJvm.ERROR_PREFIX + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> report(ex, c.getErr(), deepVerbose(parsed)));
        return cl;
    }

    private static boolean deepVerbose(CommandLine.ParseResult p) {
        for (CommandLine.ParseResult sub = p; sub != null; sub = sub.subcommand()) {
            if (sub.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code --verbose} was given on this command or any parent. */
    static boolean isVerbose(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.CommandSpec s = spec; s != null; s = s.parent()) {
            CommandLine.ParseResult p = s.commandLine().getParseResult();
            if (p != null && p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Prints one line for {@code ex} (plus its trace when verbose) and returns the exit code. */
    static int report(Throwable ex, PrintWriter err, boolean verbose) {
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.println(ChildJvm.ERROR_PREFIX + message(ex));
        err.flush();
        return ex instanceof UsageException ? 2 : 1;
    }

    /**
     * The user-facing message: ours as is, followed by the CLI's advice for its {@link CliAdvice anchor}; anything else
     * as its cause in words ({@link Causes}), never an exception's class name.
     */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        // a bad argument reported from a library error keeps that error's advice
        Throwable anchored = ex instanceof UsageException && ex.getCause() instanceof ResnetSpiException ? ex.getCause() : ex;
        if (anchored instanceof ResnetSpiException r && m != null && CliAdvice.of(r) != null) {
            return oneLine(m) + "; " + CliAdvice.of(r);
        }
        if (ex instanceof ResnetSpiException || ex instanceof UsageException
                || (ex instanceof IllegalArgumentException && !(ex instanceof NumberFormatException))) {
            return oneLine(m == null ? Causes.of(ex) : m);
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + m + ", with at most " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB of Java"
                    + " heap); give Java more memory, e.g. JAVA_OPTS=-Xmx8g ./resnet-spi ..., or use a smaller"
                    + " --batch-size or --resize";
        }
        return "unexpected failure: " + Causes.of(ex) + " (run again with --verbose for the details, and report it if it"
                + " persists)";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"resnet-spi " + (v == null ? "dev" : v)};
        }
    }
}
