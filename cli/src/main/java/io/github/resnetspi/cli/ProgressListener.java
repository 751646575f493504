package io.github.resnetspi.cli;

import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal a progress bar per epoch (on stderr); otherwise (pipes, files, a
 * {@code compare} child) a plain line every tenth of an epoch. Either way one line per finished epoch goes to
 * {@code out}.
 */
final class ProgressListener implements TrainingListener {
    private static final int BAR_UPDATE_MILLIS = 250;
    private final PrintWriter out;
    private final PrintStream barStream;
    private ProgressBar bar;
    private int epochs;
    private int nextPlainReport;
    /** When the bar's loss and accuracy were last formatted: at most once per bar update, not once per batch. */
    private long lastBarText;
    /** When the epoch's training loop started and ended (nanoTime), for {@link #loopShare}. */
    private long loopStart;
    private long loopEnd;

    /** {@code barStream} null = plain lines. */
    ProgressListener(PrintWriter out, PrintStream barStream) {
        this.out = out;
        this.barStream = barStream;
    }

    /** Progress bars when a console is attached, plain lines otherwise. */
    static ProgressListener forConsole(PrintWriter out) {
        return new ProgressListener(out, System.console() != null ? System.err : null);
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        nextPlainReport = Math.max(1, batches / 10);
        loopStart = System.nanoTime();
        lastBarText = 0;
        if (barStream != null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(BAR_UPDATE_MILLIS)
                    .setConsumer(new ConsoleProgressBarConsumer(barStream)).setUnit(" batches", 1).build();
        }
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, double runningLoss, double runningAccuracy) {
        if (bar != null) {
            bar.stepTo(batch);
            long now = System.nanoTime();
            if (now - lastBarText >= BAR_UPDATE_MILLIS * 1_000_000L || batch == batches) {
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f acc %.3f", runningLoss, runningAccuracy));
                lastBarText = now;
            }
        } else if (batch >= nextPlainReport || batch == batches) {
            out.printf(Locale.ROOT, "epoch %d/%d [%3d%%] batch %d/%d, loss %.4f, train acc %.4f%n", epoch, epochs,
                    100 * batch / batches, batch, batches, runningLoss, runningAccuracy);
            out.flush();
            nextPlainReport = batch + Math.max(1, batches / 10);
        }
    }

    @Override
    public void evaluationStarted(int epoch, int batches) {
        loopEnd = System.nanoTime();
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        out.println(epochLine(m, epochs) + loopShare(m.trainSeconds(), (loopEnd - loopStart) / 1e9));
        out.flush();
    }

    @Override
    public void checkpointWritten(Path file) {
        out.println("checkpoint written: " + file);
        out.flush();
    }

    /**
     * What the epoch line's examples/s includes: only the time inside the model's training steps (the engine's
     * forward, backward and update, with the batch copied in and the loss and logits copied out), and how much the
     * loop's own work between steps (batch preparation, metrics, progress) added to that time; evaluation and
     * checkpoints are outside both.
     */
    static String loopShare(double stepSeconds, double loopSeconds) {
        if (stepSeconds <= 0 || loopSeconds <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (time in training steps only; the loop's own work between steps added"
                + " %.1f %%)", 100 * Math.max(0, loopSeconds - stepSeconds) / stepSeconds);
    }

    static String epochLine(EpochMetrics m, int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, test acc %.4f, %.1f s, %.1f examples/s",
                m.epoch(), epochs, m.loss(), m.trainAccuracy(), m.testAccuracy(), m.epochSeconds(), m.examplesPerSecond());
    }
}
