package io.github.resnetspi.training.data;

import io.github.resnetspi.api.Causes;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (LeCun's MNIST format, used by Fashion-MNIST) of unsigned bytes, gzipped or plain: a big-endian magic
 * {@code 0x000008DD} (type 8 = ubyte, DD = number of dimensions), one big-endian int per dimension, then the data.
 * Reading checks the magic, the dimensions, that the data is exactly as long as the dimensions say (no truncation, no
 * trailing bytes), the gzip CRC, and, when given, the SHA-256 of the decompressed bytes; each failure names the file.
 */
public record IdxFile(Path path, int[] dims, byte[] data, String sha256) {

    /**
     * Reads {@code path}, which must have {@code rank} dimensions and {@code expectedCount} items (first dimension;
     * negative = any). {@code expectedSha256} (hex, of the decompressed bytes) may be null to skip that check.
     */
    public static IdxFile read(Path path, int rank, int expectedCount, String expectedSha256) {
        return read(path, rank, expectedCount, expectedSha256, GENERIC_FIX);
    }

    /** What to do about a damaged file when the dataset it belongs to is not known. */
    static final String GENERIC_FIX = "delete it and get a fresh copy";

    /**
     * As {@link #read(Path, int, int, String)}, with {@code fix} (what to do about a wrong or damaged file, e.g.
     * "reinstall the package ...") ending every message about the file's content.
     */
    static IdxFile read(Path path, int rank, int expectedCount, String expectedSha256, String fix) {
        DataFiles.requireRegular(path);
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("dataset file " + path + " does not exist");
        }
        MessageDigest sha = newSha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            InputStream in = raw;
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(raw, 1 << 16);
            }
            DataInputStream data = new DataInputStream(new DigestInputStream(in, sha));
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new DatasetException("dataset file " + path + " is empty or truncated (no IDX header); " + fix);
            }
            int wantMagic = 0x0800 | rank;
            if (magic != wantMagic) {
                throw new DatasetException(String.format("dataset file %s has magic number 0x%08X, expected 0x%08X "
                        + "(IDX unsigned bytes, %d dimensions): wrong or corrupt file; %s", path, magic, wantMagic, rank, fix));
            }
            int[] dims = new int[rank];
            long items = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new DatasetException("dataset file " + path + " has a negative dimension " + dims[i] + ": corrupt file; " + fix);
                }
                items *= dims[i];
            }
            if (expectedCount >= 0 && dims[0] != expectedCount) {
                throw new DatasetException("dataset file " + path + " holds " + dims[0] + " items, expected "
                        + expectedCount + ": wrong or corrupt file; " + fix);
            }
            if (items > Integer.MAX_VALUE - 16) {
                throw new DatasetException("dataset file " + path + " declares " + Arrays.toString(dims)
                        + ", more than any dataset this reads: corrupt file; " + fix);
            }
            byte[] bytes = new byte[(int) items];
            int got = data.readNBytes(bytes, 0, bytes.length);
            if (got < bytes.length) {
                throw new DatasetException("dataset file " + path + " is truncated: header " + Arrays.toString(dims)
                        + " needs " + bytes.length + " data bytes, found " + got + "; " + fix);
            }
            if (data.read() != -1) {
                throw new DatasetException("dataset file " + path + " has bytes after the " + bytes.length
                        + " its header " + Arrays.toString(dims) + " announces: wrong or corrupt file; " + fix);
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(digest)) {
                throw new DatasetException("dataset file " + path + " fails its checksum: SHA-256 of the content is "
                        + digest + ", expected " + expectedSha256 + "; " + fix);
            }
            return new IdxFile(path, dims, bytes, digest);
        } catch (EOFException | ZipException e) {
            throw new DatasetException("dataset file " + path + " is truncated or not valid gzip (" + Causes.about(e)
                    + "); " + fix, e);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset file " + path + ": " + Causes.about(e), e);
        }
    }

    /**
     * The item count an IDX file's header declares (its first dimension), without reading the data; -1 when the
     * header cannot be read. For messages that tell one file of a dataset from another.
     */
    static long declaredCount(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 12)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            DataInputStream data = new DataInputStream(in);
            data.readInt();
            return data.readInt() & 0xFFFFFFFFL;
        } catch (IOException e) {
            return -1;
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
