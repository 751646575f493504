package io.github.resnetspi.djl.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layout {@link PytorchAdapter#toEngineLayout} gives libtorch. The conformance kit shows that the values are
 * unchanged through every op; this shows that the memory really is channels-last, which only libtorch's stride check
 * can tell (DJL does not expose it, hence the reflection).
 */
class ChannelsLastLayoutTest {

    @Test
    @DisplayName("on the CPU a 4-D array keeps its NCHW shape and values and is held in NHWC memory")
    void nhwcMemory() throws ReflectiveOperationException {
        new DjlPytorchProvider().info(); // loads libtorch the way the backend does (threads preset first)
        float[] v = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
            NDArray x = m.create(v, new Shape(2, 3, 4, 5));
            NDArray y = new PytorchAdapter().toEngineLayout(x);
            assertThat(y.getShape()).isEqualTo(x.getShape());
            assertThat(y.toFloatArray()).containsExactly(v);
            assertThat(isContiguous(x)).as("the NCHW input is contiguous").isTrue();
            assertThat(isContiguous(y)).as("channels-last is not NCHW-contiguous").isFalse();
            assertThat(isContiguous(y.transpose(0, 2, 3, 1))).as("its NHWC view is contiguous").isTrue();
        }
    }

    private static boolean isContiguous(NDArray a) throws ReflectiveOperationException {
        Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field f = lib.getDeclaredField("LIB");
        f.setAccessible(true);
        Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
        m.setAccessible(true);
        return (boolean) m.invoke(f.get(null), ((PtNDArray) a).getHandle());
    }
}
