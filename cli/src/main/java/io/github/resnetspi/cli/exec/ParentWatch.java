package io.github.resnetspi.cli.exec;

import java.io.PrintStream;
import java.util.Optional;

/**
 * In a child JVM started by {@link ChildJvm}: stops this process when the parent that started it is gone. A parent
 * stopped normally (Ctrl-C, SIGTERM) stops its children itself; one killed outright ({@code kill -9}) cannot, and
 * without this its children would train on unobserved, holding their directories. The parent's PID comes from
 * {@value ChildJvm#PARENT_PID_ENV}; the watch ends the process when this process's parent is no longer that PID (an
 * orphan is re-parented to init or a sub-reaper), which does not depend on the PID not being reused.
 */
public final class ParentWatch {
    private static final long PERIOD_MILLIS = 500;

    private ParentWatch() {
    }

    /** Starts the watch when this process was started by a {@code compare}; does nothing otherwise. */
    public static void startIfChild(PrintStream err, String errorPrefix) {
        String env = System.getenv(ChildJvm.PARENT_PID_ENV);
        if (env == null || !env.matches("\\d+")) {
            return;
        }
        long expected = Long.parseLong(env);
        if (parentPid().orElse(-1L) != expected) {
            return; // started by something else that passed the variable on: nothing to watch
        }
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                if (parentPid().orElse(-1L) != expected) {
                    err.println(errorPrefix + "the compare that started this run (PID " + expected
                            + ") is gone; stopping (its checkpoints are kept for compare --resume)");
                    err.flush();
                    Runtime.getRuntime().halt(1);
                }
            }
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static Optional<Long> parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid);
    }
}
