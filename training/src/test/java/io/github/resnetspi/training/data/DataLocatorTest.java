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
    @DisplayName("without a named directory: /usr/share/datasets, then the user cache; a named one (--data-dir, else $RESNETSPI_DATA) alone")
    void order() {
        DataLocator none = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThat(none.candidates("fashion-mnist")).containsExactly(tmp.resolve("system/fashion-mnist"),
                tmp.resolve("cache/fashion-mnist"));
        Path explicit = tmp.resolve("explicit");
        DataLocator both = new DataLocator(explicit, Map.of(DataLocator.ENV, tmp.resolve("env").toString())::get,
                tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThat(both.candidates("fashion-mnist")).containsExactly(explicit, explicit.resolve("fashion-mnist"));
        assertThat(both.downloadDir("fashion-mnist")).isEqualTo(explicit);
        DataLocator env = new DataLocator(null, Map.of(DataLocator.ENV, tmp.resolve("env").toString())::get,
                tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThat(env.candidates("fashion-mnist")).containsExactly(tmp.resolve("env"), tmp.resolve("env/fashion-mnist"));
    }

    /** Empty stand-ins for the four Fashion-MNIST files: enough for the lookup, which only checks that they exist. */
    static void fakeFiles(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        for (FashionMnist.FileSpec f : FashionMnist.FILES.subList(0, count)) {
            Files.write(dir.resolve(f.name() + ".gz"), new byte[0]);
        }
    }

    @Test
    @DisplayName("a --data-dir that does not exist is an error naming it, even when the data is installed elsewhere (item 4)")
    void namedMissing() throws Exception {
        fakeFiles(tmp.resolve("system/fashion-mnist"), 4);
        Path typo = tmp.resolve("dtaa");
        DataLocator l = new DataLocator(typo, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class)
                .hasMessage("the data directory, " + typo + ", does not exist: name the directory that holds the fashion-mnist files" + " (see docs/errors.md#dataset)");
        DataLocator env = new DataLocator(null, Map.of(DataLocator.ENV, typo.toString())::get, tmp.resolve("system"),
                tmp.resolve("cache"), Fetcher.offline());
        assertThatThrownBy(() -> FashionMnist.load(env)).hasMessageStartingWith("the data directory " + DataLocator.ENV + " names, " + typo + ", does not exist");
    }

    @Test
    @DisplayName("a --data-dir that lacks a file is not replaced by another location: the error names it and what it lacks (item 4)")
    void namedIncomplete() throws Exception {
        fakeFiles(tmp.resolve("system/fashion-mnist"), 4);
        Path partial = tmp.resolve("partial");
        fakeFiles(partial, 3);
        DataLocator l = new DataLocator(partial, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        assertThatThrownBy(() -> FashionMnist.load(l)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Fashion-MNIST was not found (looked in " + partial + " and "
                        + partial.resolve("fashion-mnist") + " (the data directory); " + partial
                        + " lacks t10k-labels-idx1-ubyte.gz) and downloading ")
                .hasMessageContaining("into " + partial + " failed (downloads are disabled)")
                .hasMessageNotContaining(tmp.resolve("system").toString());
    }

    @Test
    @DisplayName("every loaded dataset says where it came from")
    void source() {
        assertThat(Synthetic.generate(10, 10, 4).limit(5, 5).source()).isEqualTo("generated from seed 4");
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
