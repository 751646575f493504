package io.github.resnetspi.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same network trained in native Python PyTorch ({@code bench/native/native_peer.py}), in a child process that
 * stays alive for the whole benchmark and runs one round whenever asked, so that rounds of ours and of native
 * PyTorch alternate in one run. The interpreter is {@value #PYTHON_ENV} if set, else {@code /usr/bin/python3} (where
 * Debian's {@code python3-torch} installs), else {@code python3}. Without torch the peer is absent and says why.
 */
final class NativePeer implements AutoCloseable {
    static final String PYTHON_ENV = "RESNETSPI_PYTHON";
    private static final Path SCRIPT = Path.of("bench", "native", "native_peer.py");

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final JsonObject info;

    private NativePeer(Process process, BufferedReader out, PrintWriter in, JsonObject info) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.info = info;
    }

    /** Why there is no native peer, for the benchmark's output. */
    record Absent(String reason) {
    }

    /**
     * Starts the peer and waits for its warm-up.
     *
     * @param channelsLast the model and batch in {@code torch.channels_last} (PyTorch's faster CPU layout for
     *                     convolutions), not NCHW as the d2l code is written
     * @return the peer, or the reason there is none (no Python, no torch, no script)
     */
    static Result start(BenchSetup setup, int threads, int warmup, boolean channelsLast) throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            return new Result(null, new Absent("no " + SCRIPT + " (run the benchmark from the repository root)"));
        }
        String python = python();
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString(), "--batch", Integer.toString(setup.batch()),
                "--size", Integer.toString(setup.network().inputShape().dim(1)), "--threads", Integer.toString(threads),
                "--warmup", Integer.toString(warmup), "--lr", Double.toString(setup.learningRate()),
                "--momentum", Double.toString(setup.momentum()), "--weight-decay", Double.toString(setup.weightDecay())));
        if (channelsLast) {
            cmd.add("--channels-last");
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return new Result(null, new Absent("cannot start " + python + " (" + e.getMessage() + "); install Python 3 and"
                    + " Debian's python3-torch, or set " + PYTHON_ENV));
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("READY ")) {
            p.destroy();
            String why = first == null ? python + " exited without a word" : first.replaceFirst("^UNAVAILABLE ", "");
            return new Result(null, new Absent(why));
        }
        JsonObject info = JsonParser.parseString(first.substring("READY ".length())).getAsJsonObject();
        return new Result(new NativePeer(p, out, new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8), info),
                null);
    }

    /** A started peer, or why there is none. */
    record Result(NativePeer peer, Absent absent) {
        Optional<NativePeer> get() {
            return Optional.ofNullable(peer);
        }
    }

    private static String python() {
        String env = System.getenv(PYTHON_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** e.g. {@code native PyTorch 1.13.0a0 (/usr/bin/python3), 2 threads, interop 1, contiguous, mkldnn true, ...} */
    String description() {
        return "native PyTorch " + info.get("torch").getAsString() + " (" + info.get("python").getAsString() + "), "
                + info.get("threads").getAsInt() + " threads, interop " + info.get("interop_threads").getAsInt()
                + ", " + info.get("memory_format").getAsString() + ", mkldnn " + info.get("mkldnn").getAsBoolean() + ", mkl " + info.get("mkl").getAsBoolean()
                + ", SGD momentum " + info.get("momentum").getAsDouble() + " weight decay " + info.get("weight_decay").getAsDouble();
    }

    /** Runs {@code steps} training steps in the peer; returns its images per second. */
    double round(int steps) throws IOException {
        in.println("ROUND " + steps);
        String line = out.readLine();
        if (line == null || !line.startsWith("ROUND ")) {
            throw new IOException("the native peer answered '" + line + "' to ROUND");
        }
        return Double.parseDouble(line.split(" ")[1]);
    }

    /** Runs {@code steps} steps under torch.profiler; returns its JSON (ms per step, self ms per op). */
    String profile(int steps) throws IOException {
        in.println("PROFILE " + steps);
        String line = out.readLine();
        if (line == null || !line.startsWith("PROFILE ")) {
            throw new IOException("the native peer answered '" + line + "' to PROFILE");
        }
        return line.substring("PROFILE ".length());
    }

    @Override
    public void close() {
        in.println("QUIT");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
