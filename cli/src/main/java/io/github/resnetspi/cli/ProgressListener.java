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
    private final PrintWriter out;
    private final PrintStream barStream;
    private ProgressBar bar;
    private int epochs;
    private int nextPlainReport;

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
        if (barStream != null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(barStream)).setUnit(" batches", 1).build();
        }
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, double runningLoss, double runningAccuracy) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f acc %.3f", runningLoss, runningAccuracy));
        } else if (batch >= nextPlainReport || batch == batches) {
            out.printf(Locale.ROOT, "epoch %d/%d [%3d%%] batch %d/%d, loss %.4f, train acc %.4f%n", epoch, epochs,
                    100 * batch / batches, batch, batches, runningLoss, runningAccuracy);
            out.flush();
            nextPlainReport = batch + Math.max(1, batches / 10);
        }
    }

    @Override
    public void evaluationStarted(int epoch, int batches) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        out.println(epochLine(m, epochs));
        out.flush();
    }

    @Override
    public void checkpointWritten(Path file) {
        out.println("checkpoint written: " + file);
        out.flush();
    }

    static String epochLine(EpochMetrics m, int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, test acc %.4f, %.1f s, %.1f examples/s",
                m.epoch(), epochs, m.loss(), m.trainAccuracy(), m.testAccuracy(), m.epochSeconds(), m.examplesPerSecond());
    }
}
