package io.github.resnetspi.conformance;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.FloatTensor;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The Fashion-MNIST subset committed with the kit (2,000 training and 1,000 test images, original IDX gzip files under
 * {@code io/github/resnetspi/conformance/fashion-mnist/}), with a minimal IDX reader. Pixels are scaled to [0, 1].
 *
 * @param images (N, 1, 28, 28)
 * @param labels N class indices in [0, 10)
 */
public record FashionMnistSubset(FloatTensor images, int[] labels) {
    private static final String DIR = "fashion-mnist/";

    /** @return the 2,000 training images and labels */
    public static FashionMnistSubset train() {
        return load("train");
    }

    /** @return the 1,000 test images and labels */
    public static FashionMnistSubset test() {
        return load("t10k");
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    private static FashionMnistSubset load(String prefix) {
        float[][] images = readImages(prefix + "-images-idx3-ubyte.gz");
        int[] labels = readLabels(prefix + "-labels-idx1-ubyte.gz");
        if (images.length != labels.length) {
            throw new IllegalStateException(prefix + ": " + images.length + " images but " + labels.length + " labels");
        }
        int pixels = images.length == 0 ? 0 : images[0].length;
        float[] flat = new float[images.length * pixels];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, flat, i * pixels, pixels);
        }
        int side = (int) Math.round(Math.sqrt(pixels));
        return new FashionMnistSubset(FloatTensor.wrap(Shape.of(images.length, 1, side, side), flat), labels);
    }

    private static float[][] readImages(String resource) {
        try (DataInputStream in = open(resource)) {
            expectMagic(in, 0x0803, resource);
            int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
            float[][] out = new float[n][rows * cols];
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                for (int k = 0; k < buf.length; k++) {
                    out[i][k] = (buf[k] & 0xff) / 255f;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + Causes.about(e), e);
        }
    }

    private static int[] readLabels(String resource) {
        try (DataInputStream in = open(resource)) {
            expectMagic(in, 0x0801, resource);
            int n = in.readInt();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = in.readUnsignedByte();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + Causes.about(e), e);
        }
    }

    private static void expectMagic(DataInputStream in, int magic, String resource) throws IOException {
        int got = in.readInt();
        if (got != magic) {
            throw new IOException(resource + " is not an IDX file of the expected type: magic 0x"
                    + Integer.toHexString(got) + ", expected 0x" + Integer.toHexString(magic));
        }
    }

    private static DataInputStream open(String resource) throws IOException {
        InputStream raw = FashionMnistSubset.class.getResourceAsStream(DIR + resource);
        if (raw == null) {
            throw new IOException("resource " + DIR + resource + " is missing from the conformance-tests jar");
        }
        return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    }
}
