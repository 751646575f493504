package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.api.tensor.FloatTensor;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected values were produced by Pillow 12.3 ({@code Image.resize((w, h), Image.BILINEAR)} on mode 'L'). */
@DisplayName("Bilinear resize equals Pillow's, as torchvision's Resize uses it")
class ResizeTest {
    static byte[] image(int h, int w) {
        byte[] b = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b[y * w + x] = (byte) ((x * 37 + y * 91 + x * y * 11) % 256);
            }
        }
        return b;
    }

    static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    @DisplayName("enlarging 4x5 to 7x11 matches Pillow pixel for pixel")
    void enlarge() {
        assertThat(unsigned(Resize.bilinear(image(4, 5), 4, 5, 7, 11))).containsExactly(
                0, 7, 24, 40, 57, 74, 91, 108, 124, 141, 148, 33, 40, 59, 77, 96, 114, 133, 152, 137, 114, 105, 85, 93,
                115, 136, 157, 179, 201, 222, 157, 70, 36, 137, 147, 171, 183, 150, 116, 140, 165, 142, 108, 95, 170, 181,
                209, 214, 133, 52, 79, 107, 126, 146, 153, 76, 88, 118, 139, 128, 117, 147, 177, 146, 102, 84, 17, 30, 62,
                93, 125, 157, 189, 221, 159, 75, 41);
    }

    @Test
    @DisplayName("shrinking 8x9 to 3x4 matches Pillow (antialiased triangle filter)")
    void shrink() {
        assertThat(unsigned(Resize.bilinear(image(8, 9), 8, 9, 3, 4))).containsExactly(
                109, 135, 128, 124, 117, 128, 116, 154, 132, 146, 121, 136);
    }

    @Test
    @DisplayName("28x28 to 96x96 (the d2l chapter's resize) and to 13x13 match Pillow's bytes")
    void fashionSizes() throws Exception {
        assertThat(sha256(Resize.bilinear(image(28, 28), 28, 28, 96, 96)))
                .isEqualTo("f69c2511b18d80812f5be326598881ecd005a4f65dfc12ecaa7e23d4a0f0adc5");
        assertThat(sha256(Resize.bilinear(image(28, 28), 28, 28, 13, 13)))
                .isEqualTo("4a8db9f1edcbd79771ade73bfd64ced25c4c209684823045295a10cdbaa61c19");
    }

    @Test
    @DisplayName("batches are scaled to [0, 1] by /255 as ToTensor does, NCHW")
    void batchScaling() {
        byte[] px = {0, (byte) 255, (byte) 128, 1};
        Dataset d = new Dataset("t", 1, 2, 2, 10, px, new int[] {3});
        FloatTensor t = new BatchMaker(d, 2, 2).images(new int[] {0}, 0, 1);
        assertThat(t.shape().dims()).containsExactly(1, 1, 2, 2);
        assertThat(t.data()).containsExactly(0f, 1f, 128 / 255f, 1 / 255f);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
