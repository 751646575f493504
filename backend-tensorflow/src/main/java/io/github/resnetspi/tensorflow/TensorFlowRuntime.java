package io.github.resnetspi.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import io.github.resnetspi.api.BackendUnavailableException;
import io.github.resnetspi.api.Device;
import io.github.resnetspi.api.spi.NativeRuntime;
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
 * The TensorFlow natives in this process ({@link #INSTANCE}), loaded on first use: the session configuration its
 * thread pools were sized by ({@link SessionSettings}), the engine version and the devices it sees, or the
 * one-sentence reason it cannot be used. TensorFlow sizes its CPU pools once, so a model asking for another thread
 * count afterwards is refused, unless the user set TensorFlow's own property (which wins).
 */
final class TensorFlowRuntime extends NativeRuntime {
    static final String ENGINE = "TensorFlow";
    /** TensorFlow's switch for its oneDNN CPU kernels; read once by the natives, so it can only come from the environment. */
    static final String ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS";
    /** The one instance: the natives load once per process. */
    static final TensorFlowRuntime INSTANCE = new TensorFlowRuntime();
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowRuntime.class);
    private static final Pattern GPU_NAME = Pattern.compile("/device:GPU:(\\d+)$");

    private String version;
    private List<Device> devices;
    private SessionSettings settings;

    private TensorFlowRuntime() {
    }

    /** The loaded runtime, or {@link BackendUnavailableException} with the reason, the same every time. */
    static TensorFlowRuntime require() {
        INSTANCE.bind();
        return INSTANCE;
    }

    @Override
    public String engineName() {
        return ENGINE;
    }

    @Override
    protected Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(INTRA_OP, intraOpDetail());
        details.put("inter-op threads", settings.interOp() + " (" + settings.interSource() + ")");
        details.put("oneDNN", oneDnn());
        return details;
    }

    /** The session configuration of this process (its thread pools were sized by it). */
    SessionSettings settings() {
        return settings;
    }

    @Override
    protected int engineThreads() {
        return settings.intraOp();
    }

    @Override
    protected String threadSource() {
        return settings.intraSource();
    }

    @Override
    protected String userThreadSetting() {
        return settings.userSetIntraOp() ? "-D" + SessionSettings.INTRA_PROPERTY + "=" + settings.intraOp() : null;
    }

    @Override
    protected String threadsFixedWhen() {
        return "TensorFlow sizes its CPU thread pools once per process, when its natives load";
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

    @Override
    protected List<Device> deviceList() {
        return devices;
    }

    @Override
    protected String version() {
        return version;
    }

    @Override
    protected void load() {
        settings = SessionSettings.resolve();
        try {
            version = TensorFlow.version();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            throw new BackendUnavailableException("The TensorFlow native library could not be loaded ("
                    + BackendUnavailableException.causeChain(e) + "); put org.tensorflow:tensorflow-core-native:1.1.0 with the classifier for this platform"
                    + " (linux-x86_64, or linux-x86_64-gpu with the Maven profile 'gpu') on the classpath.", e);
        }
        if (oneDnn().startsWith("off")) {
            LOG.info("TensorFlow's oneDNN CPU kernels are off: {}; set {}=1 for faster CPU training (about 1.7x on"
                    + " d2l-resnet18, 2-core AVX2 machine; see backend-tensorflow/README.md).", oneDnn(), ONEDNN_ENV);
        }
        try {
            devices = listDevices(settings);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("TensorFlow " + version + " loaded but could not create a"
                    + " session to list its devices (" + BackendUnavailableException.causeChain(e) + ").", e);
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
