package io.github.resnetspi.api.spi;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import io.github.resnetspi.api.Threads;
import java.util.List;
import java.util.Map;

/**
 * One engine's natives in this process: what they were started with (load-time environment, threads) and what they
 * report (version, build features, devices). Natives load once per process, so an engine has exactly one instance,
 * held in a static of its backend module and asked by its provider; it binds on first use, and a failure to bind is
 * remembered and reported the same way every time.
 *
 * <p>Threads follow the neutral setting ({@link Threads}) with one rule for every engine: a setting the user made
 * for the engine itself ({@link #userThreadSetting()}) wins; otherwise a model gets the count it asks for where the
 * engine can change its threads after loading ({@link #changeThreads}), and is refused with a clear error where
 * the engine fixed them when it loaded.
 */
public abstract class NativeRuntime {
    /** The detail under which every engine reports its intra-op (kernel) thread count, as the engine counts it. */
    public static final String INTRA_OP = "intra-op threads";

    private boolean bound;
    private ResnetSpiException failure;
    private Threads.Count changedTo;

    /** @return the engine's name as reported, e.g. {@code TensorFlow} */
    public abstract String engineName();

    /**
     * Prepares the load-time environment and loads the natives; called once per process, by {@link #bind()}.
     *
     * @throws ResnetSpiException (typically {@link io.github.resnetspi.api.BackendUnavailableException}) with the
     *                            one-sentence reason the engine cannot be used
     */
    protected abstract void load();

    /** @return the engine's version as reported; called once bound */
    protected abstract String version();

    /** @return the CPU and every GPU the natives see; called once bound */
    protected abstract List<Device> deviceList();

    /**
     * @return the engine's settings in effect that change its speed, in display order, {@value #INTRA_OP} among them
     *         ({@link #intraOpDetail()}); called once bound
     */
    protected abstract Map<String, String> details();

    /** @return the number of intra-op threads the engine runs with now, as it counts them; called once bound */
    protected abstract int engineThreads();

    /** @return where {@link #engineThreads()} came from when neither the user's engine setting nor a model set it */
    protected abstract String threadSource();

    /**
     * @return the thread setting the user made for the engine itself (e.g. {@code OMP_NUM_THREADS=4}), which wins over
     *         the neutral one; null when there is none
     */
    protected abstract String userThreadSetting();

    /**
     * Makes the loaded engine run with {@code threads} intra-op threads, where it can change them after loading.
     *
     * @param threads the count a model asks for
     * @return false where the engine fixed its threads when it loaded (the default)
     * @throws ResnetSpiException when the engine did not take the count
     */
    protected boolean changeThreads(int threads) {
        return false;
    }

    /** @return one sentence: how the engine fixes its threads, e.g. {@code MXNet fixes its operator threads when its library loads} */
    protected String threadsFixedWhen() {
        return engineName() + " fixes its threads when its natives load";
    }

    /**
     * Loads the natives on the first call.
     *
     * @throws ResnetSpiException the reason the engine cannot be used, the same instance every time
     */
    public final synchronized void bind() {
        if (!bound) {
            try {
                load();
            } catch (ResnetSpiException e) {
                failure = e;
            }
            bound = true;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * @param backend the name of the backend on this engine
     * @return the engine as {@code backend} reports it: available with version, devices and details, or unavailable
     *         with the reason; binds, never throws
     */
    public final BackendInfo info(String backend) {
        try {
            bind();
            return BackendInfo.available(backend, engineName(), version(), deviceList(), details());
        } catch (ResnetSpiException e) { // the natives cannot load, or a thread setting is malformed
            return BackendInfo.unavailable(backend, engineName(), e.getMessage());
        }
    }

    /**
     * @return the devices the natives see, binding them
     * @throws ResnetSpiException when the natives cannot load
     */
    public final List<Device> devices() {
        bind();
        return deviceList();
    }

    /**
     * Makes a model compiled now run with {@code requested} threads, binding the natives; where the engine fixed its
     * threads when it loaded and {@code requested} differs, fails saying so. A setting the user made for the engine
     * itself wins.
     *
     * @param requested the model's thread count ({@link Threads#resolve})
     * @throws ResnetSpiException when the engine cannot run with {@code requested}
     */
    public final synchronized void useThreads(Threads.Count requested) {
        bind();
        if (userThreadSetting() != null) {
            return; // the user's engine-specific setting wins; the details say so
        }
        if (changeThreads(requested.threads())) {
            changedTo = requested;
            return;
        }
        int actual = engineThreads();
        if (requested.threads() != actual) {
            throw new ResnetSpiException(threadsFixedWhen() + " (" + actual + " intra-op threads here, from "
                    + threadSource() + "); a model cannot ask for " + requested.threads() + " (" + requested.source()
                    + ") afterwards: set -D" + Threads.PROPERTY + "=" + requested.threads() + " before " + engineName()
                    + " first loads, or run that model in another JVM", ErrorAnchor.THREADS);
        }
    }

    /** @return the {@value #INTRA_OP} detail: the engine's count and who set it, e.g. {@code 2 (set by the user: OMP_NUM_THREADS=2)} */
    protected final synchronized String intraOpDetail() {
        String user = userThreadSetting();
        String source = user != null ? "set by the user: " + user : changedTo != null ? changedTo.source() : threadSource();
        return engineThreads() + " (" + source + ")";
    }
}
