package io.github.resnetspi.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.ResnetSpiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The TensorFlow natives, loaded once per JVM on first use: the engine version and the devices it sees, or the
 * one-sentence reason it cannot be used.
 */
final class TensorFlowRuntime {
    static final String ENGINE = "TensorFlow";
    /** TensorFlow's switch for its oneDNN CPU kernels; read once by the natives, so it can only come from the environment. */
    static final String ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS";
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowRuntime.class);
    private static final Pattern GPU_NAME = Pattern.compile("/device:GPU:(\\d+)$");
    private static TensorFlowRuntime loaded;

    private final String version;
    private final List<Device> devices;
    private final ResnetSpiException problem;
    private final SessionSettings settings;

    private TensorFlowRuntime(String version, List<Device> devices, ResnetSpiException problem, SessionSettings settings) {
        this.version = version;
        this.devices = devices;
        this.problem = problem;
        this.settings = settings;
    }

    private static TensorFlowRuntime unavailable(ResnetSpiException problem) {
        return new TensorFlowRuntime("unknown", List.of(), problem, null);
    }

    /** Loads the natives on the first call; never throws. */
    static synchronized TensorFlowRuntime get() {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    /** The loaded runtime, or {@link BackendUnavailableException} with the reason. */
    static TensorFlowRuntime require() {
        TensorFlowRuntime rt = get();
        if (rt.problem != null) {
            throw rt.problem; // the same failure every time
        }
        return rt;
    }

    BackendInfo info(String backend) {
        if (problem != null) {
            return BackendInfo.unavailable(backend, ENGINE, problem.getMessage());
        }
        Map<String, String> details = new LinkedHashMap<>(settings.details());
        details.put("oneDNN", oneDnn());
        return BackendInfo.available(backend, ENGINE, version, devices, details);
    }

    /** The session configuration of this process (its thread pools were sized by it). */
    SessionSettings settings() {
        return settings;
    }

    /**
     * Whether TensorFlow's oneDNN CPU kernels are on: {@value #ONEDNN_ENV} decides when set; otherwise TF 2.18 turns
     * them on for x86 CPUs with AVX-512 VNNI/BF16 or AMX (read from /proc/cpuinfo).
     */
    private static String oneDnn() {
        String env = System.getenv(ONEDNN_ENV);
        if (env != null) {
            return ("0".equals(env.trim()) ? "off" : "on") + " (" + ONEDNN_ENV + "=" + env + ")";
        }
        boolean fast = CpuFlags.read().stream().anyMatch(f -> f.equals("avx512_vnni") || f.equals("avx512_bf16")
                || f.startsWith("amx"));
        return (fast ? "on" : "off") + " (" + ONEDNN_ENV + " unset: TensorFlow's default for this CPU)";
    }

    List<Device> devices() {
        return devices;
    }

    String version() {
        return version;
    }

    private static TensorFlowRuntime load() {
        SessionSettings settings;
        try {
            settings = SessionSettings.resolve();
        } catch (ResnetSpiException e) {
            return unavailable(e);
        }
        String version;
        try {
            version = TensorFlow.version();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return unavailable(new BackendUnavailableException("The TensorFlow native library could not be loaded ("
                    + BackendUnavailableException.causeChain(e) + "); put org.tensorflow:tensorflow-core-native:1.1.0 with the classifier for this platform"
                    + " (linux-x86_64, or linux-x86_64-gpu with the Maven profile 'gpu') on the classpath.", e));
        }
        if (oneDnn().startsWith("off")) {
            LOG.info("TensorFlow's oneDNN CPU kernels are off: {}; set {}=1 for faster CPU training (about 1.7x on"
                    + " d2l-resnet18, 2-core AVX2 machine; see backend-tensorflow/README.md).", oneDnn(), ONEDNN_ENV);
        }
        try {
            return new TensorFlowRuntime(version, listDevices(settings), null, settings);
        } catch (RuntimeException | LinkageError e) {
            return unavailable(new BackendUnavailableException("TensorFlow " + version + " loaded but could not create a"
                    + " session to list its devices (" + BackendUnavailableException.causeChain(e) + ").", e));
        }
    }

    /** The CPU and every GPU a session sees, via the C API (the Java API has no device listing for graph sessions). */
    private static List<Device> listDevices(SessionSettings settings) {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Graph graph = TF_Graph.newGraph();
            TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
            byte[] config = settings.config().toByteArray();
            TF_SetConfig(options, new BytePointer(config), config.length, status);
            status.throwExceptionIfNotOK();
            TF_Session session = TF_NewSession(graph, options, status);
            status.throwExceptionIfNotOK();
            try {
                TF_DeviceList list = TF_SessionListDevices(session, status);
                status.throwExceptionIfNotOK();
                try {
                    int n = TF_DeviceListCount(list);
                    for (int i = 0; i < n; i++) {
                        Matcher m = GPU_NAME.matcher(TF_DeviceListName(list, i, status).getString());
                        status.throwExceptionIfNotOK();
                        if (m.find()) {
                            out.add(Device.gpu(Integer.parseInt(m.group(1))));
                        }
                    }
                } finally {
                    TF_DeleteDeviceList(list);
                }
            } finally {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
        }
        return List.copyOf(out);
    }
}
