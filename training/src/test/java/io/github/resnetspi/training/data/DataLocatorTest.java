package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Dataset lookup and download")
class DataLocatorTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("looks in --data-dir, then $RESNETSPI_DATA, then /usr/share/datasets, then the user cache")
    void order() {
        Path explicit = tmp.resolve("explicit");
        DataLocator l = new DataLocator(explicit, Map.of(DataLocator.ENV, tmp.resolve("env").toString())::get,
                tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThat(l.candidates("fashion-mnist")).containsExactly(explicit, explicit.resolve("fashion-mnist"),
                tmp.resolve("env"), tmp.resolve("env/fashion-mnist"), tmp.resolve("system/fashion-mnist"),
                tmp.resolve("cache/fashion-mnist"));
    }

    @Test
    @DisplayName("finds the first directory that holds the data")
    void findsFirst() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache/fashion-mnist"));
        Path system = Files.createDirectories(tmp.resolve("system/fashion-mnist"));
        Files.writeString(cache.resolve("marker"), "x");
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThat(l.find("fashion-mnist", d -> Files.exists(d.resolve("marker")))).isEqualTo(cache);
        Files.writeString(system.resolve("marker"), "x");
        assertThat(l.find("fashion-mnist", d -> Files.exists(d.resolve("marker")))).isEqualTo(system);
    }

    @Test
    @DisplayName("offline and without data: one message saying where it looked and how to get the dataset")
    void offlineMessage() {
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist").hasMessageContaining("data directory")
                .hasMessageContaining("(see docs/errors.md#dataset)").hasMessageNotContaining("--data-dir")
                .hasMessageContaining(tmp.resolve("cache/fashion-mnist").toString());
        assertThat(tmp.resolve("cache/fashion-mnist")).isEmptyDirectory();
    }

    @Test
    @DisplayName("a download whose MD5 differs from the published one is discarded, never used")
    void corruptDownload() throws Exception {
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"),
                (url, target) -> Files.writeString(target, "not the file"));
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class).hasMessageContaining("MD5");
        assertThat(tmp.resolve("cache/fashion-mnist")).isEmptyDirectory();
    }

    @Test
    @DisplayName("a download with the right MD5 lands under its final name")
    void goodDownload() throws Exception {
        byte[] body = "payload".getBytes();
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"),
                (url, target) -> Files.write(target, body));
        Path src = Files.write(tmp.resolve("src"), body);
        Path got = l.download(java.net.URI.create("http://example.invalid/f"), tmp.resolve("dl"), "f.gz", DataLocator.md5(src));
        assertThat(got).hasBinaryContent(body);
        assertThat(tmp.resolve("dl")).isDirectoryNotContaining("glob:**.part");
    }
}
