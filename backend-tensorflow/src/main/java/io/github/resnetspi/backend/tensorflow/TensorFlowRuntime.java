package io.github.resnetspi.backend.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import io.github.resnetspi.api.spi.BackendInfo;
import io.github.resnetspi.api.spi.BackendUnavailableException;
import io.github.resnetspi.api.spi.Device;
import java.util.ArrayList;
import java.util.List;
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
    private final String problem;

    private TensorFlowRuntime(String version, List<Device> devices, String problem) {
        this.version = version;
        this.devices = devices;
        this.problem = problem;
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
            throw new BackendUnavailableException(rt.problem);
        }
        return rt;
    }

    BackendInfo info(String backend) {
        return problem == null ? BackendInfo.available(backend, ENGINE, version, devices, java.util.Map.of())
                : BackendInfo.unavailable(backend, ENGINE, problem);
    }

    List<Device> devices() {
        return devices;
    }

    String version() {
        return version;
    }

    private static TensorFlowRuntime load() {
        String version;
        try {
            version = TensorFlow.version();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return new TensorFlowRuntime("unknown", List.of(), "The TensorFlow native library could not be loaded ("
                    + firstLine(e) + "); put org.tensorflow:tensorflow-core-native:1.1.0 with the classifier for this platform"
                    + " (linux-x86_64, or linux-x86_64-gpu with the Maven profile 'gpu') on the classpath.");
        }
        if (System.getenv(ONEDNN_ENV) == null) {
            LOG.info("{} is not set: TensorFlow turns its oneDNN CPU kernels on by default only on CPUs with AVX-512"
                    + " VNNI/BF16 or AMX; set {}=1 for faster CPU training (about 1.7x on d2l-resnet18, 2-core AVX2"
                    + " machine; see backend-tensorflow/README.md).", ONEDNN_ENV, ONEDNN_ENV);
        }
        try {
            return new TensorFlowRuntime(version, listDevices(), null);
        } catch (RuntimeException | LinkageError e) {
            return new TensorFlowRuntime(version, List.of(), "TensorFlow " + version + " loaded but could not create a"
                    + " session to list its devices (" + firstLine(e) + ").");
        }
    }

    /** The CPU and every GPU a session sees, via the C API (the Java API has no device listing for graph sessions). */
    private static List<Device> listDevices() {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Graph graph = TF_Graph.newGraph();
            TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
            byte[] config = SessionSettings.config().toByteArray();
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

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        msg = msg.lines().findFirst().orElse("").trim();
        return msg.length() > 200 ? msg.substring(0, 200) + "..." : msg;
    }
}
