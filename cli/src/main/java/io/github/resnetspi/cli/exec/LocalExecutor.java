package io.github.resnetspi.cli.exec;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.cli.cell.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs cells on this machine, each in a child JVM of its own ({@link ChildJvm}): one after the other, or with
 * {@code parallel} greater than 1 that many at once, each holding one device slot for its run: {@code gpu:0} …
 * {@code gpu:N−1} when the comparison runs on {@code gpu}, else the CPU (shared). Each cell's output goes to its
 * {@code output.log} and, prefixed with the cell's name, to the console; its stderr reaches the console only with
 * {@code --verbose}.
 */
public final class LocalExecutor implements Executor {
    public static final String NAME = "local";

    private final List<String> slots;
    private final PrintWriter out;
    private final boolean verbose;

    private LocalExecutor(List<String> slots, PrintWriter out, boolean verbose) {
        this.slots = List.copyOf(slots);
        this.out = out;
        this.verbose = verbose;
    }

    /** One cell at a time on {@code device}, or {@code parallel} at once: on {@code gpu}, one GPU each. */
    public static LocalExecutor create(int parallel, String device, PrintWriter out, boolean verbose) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        List<String> slots = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            slots.add(parallel > 1 && device.equals("gpu") ? "gpu:" + i : device);
        }
        return new LocalExecutor(slots, out, verbose);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The devices cells run on, one per slot. */
    public List<String> slots() {
        return slots;
    }

    @Override
    public boolean run(List<CellTask> tasks) throws IOException {
        if (slots.size() == 1) {
            for (CellTask t : tasks) {
                runCell(t, slots.get(0));
            }
            return true;
        }
        BlockingQueue<String> free = new ArrayBlockingQueue<>(slots.size(), false, slots);
        ExecutorService pool = Executors.newFixedThreadPool(slots.size(), r -> {
            Thread th = new Thread(r, "cell-runner");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (CellTask t : tasks) {
                running.add(pool.submit(() -> {
                    String device = free.take();
                    try {
                        runCell(t, device);
                    } finally {
                        free.add(device);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cells were running", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return true;
    }

    private void runCell(CellTask task, String device) throws IOException {
        String prefix = "[" + task.cell().label() + "] ";
        task.files().prepareRun();
        List<String> cmd = task.command(device);
        say(prefix + "starting in a new JVM on " + device + (task.resumes() ? ", resuming from its last checkpoint" : ""));
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        int code;
        try {
            code = runLogged(task, device, cmd, prefix, stderr);
        } catch (IOException e) {
            String error = "cannot run the cell's JVM (" + cmd.get(0) + "): " + Causes.about(e);
            task.files().recordFailure(error, (System.nanoTime() - t0) / 1e9);
            say(prefix + "FAILED: " + error);
            return;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        RunResult r = task.files().read();
        if (code == 0 && r.ok()) {
            say(String.format(Locale.ROOT, "%sfinished in %.0f s: %s", prefix, seconds, r.d2lLine()));
            return;
        }
        String error = code == 0 ? "the cell's JVM exited without writing " + task.files().result()
                : ChildJvm.errorOf(stderr, code);
        task.files().recordFailure(error + " (log: " + task.cell().relativeDir().resolve("output.log") + ")", seconds);
        say(prefix + "FAILED: " + error);
    }

    /** Runs the cell's JVM, its output into its log and onto the console; returns the exit code. */
    private int runLogged(CellTask task, String device, List<String> cmd, String prefix, List<String> stderr)
            throws IOException {
        int code;
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(task.files().log(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            log.println("# " + Instant.now() + " on " + device + ": " + ShellLine.of(cmd));
            code = ChildJvm.run(cmd, line -> {
                synchronized (log) {
                    log.println(line);
                }
                say(prefix + line);
            }, line -> {
                stderr.add(line);
                synchronized (log) {
                    log.println(line);
                }
                if (verbose) {
                    say(prefix + "(stderr) " + line);
                }
            });
            log.println("# exit code " + code);
        }
        return code;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
