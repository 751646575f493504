package io.github.resnetspi.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two independent consumers an exported model is checked against: the ONNX project's own checker (Debian's
 * python3-onnx, full check with shape inference) and ONNX Runtime (Java API).
 */
public final class OnnxConsumers {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String CHECK = String.join("\n",
            "import sys",
            "try:",
            "    import onnx",
            "except ImportError as e:",
            "    print('python3-onnx is missing (' + str(e) + '): install the Debian package python3-onnx')",
            "    sys.exit(3)",
            "for f in sys.argv[1:]:",
            "    onnx.checker.check_model(onnx.load(f), full_check=True)",
            "print('ok onnx ' + onnx.__version__)");

    private OnnxConsumers() {
    }

    /**
     * Runs {@code onnx.checker.check_model(model, full_check=True)} on each file.
     *
     * @param files the {@code .onnx} files
     * @return the checker's last line ({@code ok onnx <version>})
     * @throws AssertionError when a file fails the check or the checker is not installed
     */
    public static String check(Path... files) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install the Debian packages python3 and python3-onnx");
        }
        String[] cmd = new String[files.length + 3];
        cmd[0] = PYTHON;
        cmd[1] = "-c";
        cmd[2] = CHECK;
        for (int i = 0; i < files.length; i++) {
            cmd[i + 3] = files[i].toString();
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the ONNX checker did not finish in 5 minutes");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("onnx.checker.check_model(full_check=True) rejected " + Arrays.toString(files) + ":\n" + out);
        }
        return out;
    }

    /**
     * Runs the model in ONNX Runtime on one batch.
     *
     * @param model  the serialized model
     * @param images the input batch, (N, C, H, W)
     * @return the model's output, its shape as ONNX Runtime reports it
     */
    public static FloatTensor run(byte[] model, FloatTensor images) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                long[] shape = new long[images.shape().rank()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = images.shape().dim(d);
                }
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.data()), shape);
                     OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
                    OnnxTensor out = (OnnxTensor) r.get(OnnxExport.OUTPUT).orElseThrow();
                    long[] dims = out.getInfo().getShape();
                    int[] ints = Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
                    FloatBuffer values = out.getFloatBuffer();
                    float[] data = new float[values.remaining()];
                    values.get(data);
                    return FloatTensor.of(Shape.of(ints), data);
                }
            }
        }
    }
}
