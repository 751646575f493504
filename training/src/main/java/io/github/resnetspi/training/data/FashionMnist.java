package io.github.resnetspi.training.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60 000 training and 10 000 test 28×28 grey images in 10 classes, as
 * four gzipped IDX files. Every file is checked for magic number, dimensions, exact length and the SHA-256 of its
 * decompressed content (pinned below, so Debian's re-compressed copies verify too); downloads are also checked
 * against the MD5 of the official {@code .gz} files.
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    /** The Debian/Ubuntu package that installs the dataset into {@code /usr/share/datasets/fashion-mnist}. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final String BASE_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    public static final String HOW_TO_GET = "install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), "
            + "or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
            + "t10k-labels-idx1-ubyte.gz from https://github.com/zalandoresearch/fashion-mnist into a directory and name it "
            + "as the data directory (or set " + DataLocator.ENV + "=DIR)";

    /** One of the four files: base name (without .gz), rank, item count, SHA-256 of the content, MD5 of the official .gz. */
    record FileSpec(String name, int rank, int count, String contentSha256, String gzMd5) {
    }

    static final FileSpec TRAIN_IMAGES = new FileSpec("train-images-idx3-ubyte", 3, 60000,
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", "8d4fb7e6c68d591d4c3dfef9ec88bf0d");
    static final FileSpec TRAIN_LABELS = new FileSpec("train-labels-idx1-ubyte", 1, 60000,
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", "25c81989df183df01b3e8a0aad5dffbe");
    static final FileSpec TEST_IMAGES = new FileSpec("t10k-images-idx3-ubyte", 3, 10000,
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", "bef4ecab320f06d8554ea6380940ec79");
    static final FileSpec TEST_LABELS = new FileSpec("t10k-labels-idx1-ubyte", 1, 10000,
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", "bb300cfdad3c16e7a12a480ee83cd310");
    static final List<FileSpec> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private FashionMnist() {
    }

    /** Finds (or downloads) and reads the full dataset. */
    public static TrainTest load(DataLocator locator) {
        return load(locator, AptInstaller.disabled());
    }

    /**
     * Finds (or downloads) and reads the full dataset; when it is missing and the download fails, and the lookup
     * includes the system directory, {@code apt} may install Debian's {@value #DEBIAN_PACKAGE} there.
     */
    public static TrainTest load(DataLocator locator, AptInstaller apt) {
        Path dir = locator.find(NAME, FashionMnist::complete);
        if (dir == null) {
            try {
                dir = download(locator);
            } catch (DatasetException failed) {
                dir = locator.fromSystemPackage(NAME, DEBIAN_PACKAGE, FashionMnist::complete, apt, failed);
            }
        }
        return load(dir);
    }

    /** Reads the dataset from {@code dir}, verifying every file. */
    public static TrainTest load(Path dir) {
        String fix = fix(dir);
        for (FileSpec f : FILES) {
            checkNotSwapped(file(dir, f), f, fix);
        }
        Dataset train = readPair(NAME + "/train", file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS),
                TRAIN_IMAGES.count(), TRAIN_IMAGES.contentSha256(), TRAIN_LABELS.contentSha256(), fix);
        Dataset test = readPair(NAME + "/test", file(dir, TEST_IMAGES), file(dir, TEST_LABELS),
                TEST_IMAGES.count(), TEST_IMAGES.contentSha256(), TEST_LABELS.contentSha256(), fix);
        return new TrainTest(train, test, dir.toString());
    }

    /**
     * What to do about a wrong or damaged file in {@code dir}: reinstall Debian's package where it installs the files,
     * else delete the file so that the next run downloads it again.
     */
    static String fix(Path dir) {
        if (dir.toAbsolutePath().normalize().startsWith(DataLocator.SYSTEM_ROOT)) {
            return "reinstall Debian's package: sudo apt-get install --reinstall " + DEBIAN_PACKAGE;
        }
        return "delete it, and the next run downloads a fresh copy into " + dir + " (that needs the network; or "
                + "install " + DEBIAN_PACKAGE + ")";
    }

    /** A training file that holds the test set's count (or the other way round) was swapped or misnamed. */
    private static void checkNotSwapped(Path path, FileSpec spec, String fix) {
        if (!Files.isRegularFile(path)) {
            return;
        }
        long declared = IdxFile.declaredCount(path);
        boolean train = spec == TRAIN_IMAGES || spec == TRAIN_LABELS;
        int other = train ? TEST_IMAGES.count() : TRAIN_IMAGES.count();
        if (declared == other && declared != spec.count()) {
            throw new DatasetException("dataset file " + path + " holds " + declared + " items: this file holds the "
                    + (train ? "test" : "training") + " set, not the " + (train ? "training" : "test") + " set (the"
                    + " files are swapped or misnamed); put the right file under this name, or " + fix);
        }
    }

    /**
     * Reads an images file (N, H, W) and a labels file (N) into a 10-class grey dataset. {@code count} (negative =
     * any) and the SHA-256 digests (null = unchecked) are verified; image and label counts must agree.
     */
    public static Dataset readPair(String name, Path images, Path labels, int count, String imagesSha256, String labelsSha256) {
        return readPair(name, images, labels, count, imagesSha256, labelsSha256, IdxFile.GENERIC_FIX);
    }

    private static Dataset readPair(String name, Path images, Path labels, int count, String imagesSha256,
                                    String labelsSha256, String fix) {
        IdxFile img = IdxFile.read(images, 3, count, imagesSha256, fix);
        IdxFile lbl = IdxFile.read(labels, 1, count, labelsSha256, fix);
        if (img.dims()[0] != lbl.dims()[0]) {
            throw new DatasetException("count mismatch: " + images + " holds " + img.dims()[0] + " images but "
                    + labels + " holds " + lbl.dims()[0] + " labels; one of them is wrong or corrupt: for the wrong"
                    + " one, " + fix);
        }
        byte[] l = lbl.data();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] & 0xFF;
            if (out[i] >= 10) {
                throw new DatasetException("labels file " + labels + " has label " + out[i] + " at index " + i
                        + ", outside the 10 classes: corrupt file; " + fix);
            }
        }
        return new Dataset(name, 1, img.dims()[1], img.dims()[2], 10, img.data(), out);
    }

    /** The file for {@code spec} in {@code dir}: the gzipped one if present, else the plain one. */
    static Path file(Path dir, FileSpec spec) {
        Path gz = dir.resolve(spec.name() + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(spec.name());
    }

    static boolean complete(Path dir) {
        return FILES.stream().allMatch(f -> Files.exists(file(dir, f)));
    }

    private static Path download(DataLocator locator) {
        Path dir = locator.downloadDir(NAME);
        List<String> missing = FILES.stream().filter(f -> !Files.exists(file(dir, f))).map(f -> f.name() + ".gz").toList();
        for (FileSpec f : FILES) {
            if (Files.exists(file(dir, f))) {
                continue;
            }
            URI url = URI.create(BASE_URL + f.name() + ".gz");
            try {
                locator.download(url, dir, f.name() + ".gz", f.gzMd5());
            } catch (IOException e) {
                throw new DatasetException("Fashion-MNIST was not found (looked in " + locator.describe(NAME)
                        + "; " + dir + " lacks " + String.join(", ", missing) + ") and downloading " + url + " into "
                        + dir + " failed (" + DataLocator.reason(e) + "). To get it, " + HOW_TO_GET + ".", e,
                        !locator.namedByUser());
            }
        }
        return dir;
    }
}
