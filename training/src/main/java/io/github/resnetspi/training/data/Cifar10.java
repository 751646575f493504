package io.github.resnetspi.training.data;

import io.github.resnetspi.api.Causes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-10, binary version (Krizhevsky 2009): {@code data_batch_1.bin} … {@code data_batch_5.bin} (50 000 training
 * images) and {@code test_batch.bin} (10 000), each record one label byte then 3072 bytes of a 32×32 RGB image as
 * three 1024-byte planes (R, G, B): already CHW. Files are checked for their exact size and label range; the
 * download ({@code cifar-10-binary.tar.gz}) is checked against its published MD5 and unpacked here.
 */
public final class Cifar10 {
    public static final String NAME = "cifar10";
    public static final URI URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    public static final String ARCHIVE_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    public static final String SUBDIR = "cifar-10-batches-bin";
    public static final String HOW_TO_GET = "download " + URL + ", unpack it and name as the data directory the "
            + "directory holding " + SUBDIR + "/ or the .bin files (or set " + DataLocator.ENV + "=DIR)";
    static final int RECORD = 1 + 3 * 32 * 32;
    static final int PER_FILE = 10000;
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {
    }

    public static TrainTest load(DataLocator locator) {
        Path dir = locator.find(NAME, d -> batchDir(d) != null);
        if (dir == null) {
            dir = download(locator);
        }
        return load(dir);
    }

    /** Reads from {@code dir}, which holds the .bin files or a {@value #SUBDIR} directory with them. */
    public static TrainTest load(Path dir) {
        Path batches = batchDir(dir);
        if (batches == null) {
            String partial = partial(dir);
            throw new DatasetException(partial != null ? partial + "; put the missing files there, or " + REFETCH
                    : "no CIFAR-10 binary files in " + dir + "; " + HOW_TO_GET);
        }
        byte[][] parts = new byte[TRAIN_FILES.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = readFile(batches.resolve(TRAIN_FILES.get(i)));
        }
        Dataset train = toDataset(NAME + "/train", parts);
        Dataset test = toDataset(NAME + "/test", new byte[][] {readFile(batches.resolve(TEST_FILE))});
        return new TrainTest(train, test, batches.toString());
    }

    /** What to do about a missing or damaged batch file. */
    static final String REFETCH = "delete the directory's .bin files, and the next run downloads CIFAR-10 again from "
            + URL + " (that needs the network)";

    /** For a directory that holds some of the batch files but not all: which it lacks; else null. */
    static String partial(Path dir) {
        List<String> all = new java.util.ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        for (Path d : List.of(dir.resolve(SUBDIR), dir)) {
            List<String> missing = all.stream().filter(f -> !Files.exists(d.resolve(f))).toList();
            if (!missing.isEmpty() && missing.size() < all.size()) {
                return "the CIFAR-10 directory " + d + " lacks " + String.join(", ", missing);
            }
        }
        return null;
    }

    static Path batchDir(Path dir) {
        for (Path d : List.of(dir.resolve(SUBDIR), dir)) {
            if (Files.exists(d.resolve(TEST_FILE)) && TRAIN_FILES.stream().allMatch(f -> Files.exists(d.resolve(f)))) {
                return d;
            }
        }
        return null;
    }

    /** One batch file's bytes, checked to be exactly 10 000 records with labels in [0, 10). */
    static byte[] readFile(Path file) {
        DataFiles.requireRegular(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset file " + file + ": " + Causes.about(e), e);
        }
        long want = (long) RECORD * PER_FILE;
        if (bytes.length != want) {
            throw new DatasetException("dataset file " + file + " has " + bytes.length + " bytes, expected " + want
                    + " (10000 records of 3073 bytes): " + (bytes.length < want ? "truncated" : "wrong or corrupt")
                    + " file; " + REFETCH);
        }
        for (int r = 0; r < PER_FILE; r++) {
            int label = bytes[r * RECORD] & 0xFF;
            if (label >= 10) {
                throw new DatasetException("dataset file " + file + " has label " + label + " in record " + r
                        + ": corrupt file (or not the binary version of CIFAR-10); " + REFETCH);
            }
        }
        return bytes;
    }

    private static Dataset toDataset(String name, byte[][] files) {
        int n = files.length * PER_FILE;
        byte[] pixels = new byte[n * (RECORD - 1)];
        int[] labels = new int[n];
        int k = 0;
        for (byte[] f : files) {
            for (int r = 0; r < PER_FILE; r++, k++) {
                labels[k] = f[r * RECORD] & 0xFF;
                System.arraycopy(f, r * RECORD + 1, pixels, k * (RECORD - 1), RECORD - 1);
            }
        }
        return new Dataset(name, 3, 32, 32, 10, pixels, labels);
    }

    private static Path download(DataLocator locator) {
        Path dir = locator.downloadDir(NAME);
        try {
            Path archive = locator.download(URL, dir, ARCHIVE, ARCHIVE_MD5);
            untar(archive, dir);
            Files.delete(archive);
            return dir;
        } catch (IOException e) {
            String partial = locator.candidates(NAME).stream().map(Cifar10::partial).filter(java.util.Objects::nonNull)
                    .findFirst().map(s -> "; " + s).orElse("");
            throw new DatasetException("CIFAR-10 was not found (looked in " + locator.describe(NAME) + partial
                    + ") and downloading " + URL + " into " + dir + " failed (" + DataLocator.reason(e) + "). To get it, "
                    + HOW_TO_GET + ".", e, !locator.namedByUser());
        }
    }

    /** Unpacks the regular files of a gzipped ustar archive into {@code dir}; enough for the CIFAR archive. */
    static void untar(Path archive, Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String octal = field(header, 124, 12).trim();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                byte type = header[156];
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("archive entry " + name + " escapes " + dir);
                }
                if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        copy(in, out, size);
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    in.skipNBytes(size);
                }
                long pad = (512 - size % 512) % 512;
                in.skipNBytes(pad);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("archive truncated");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
