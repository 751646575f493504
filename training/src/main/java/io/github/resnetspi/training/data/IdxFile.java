package io.github.resnetspi.training.data;

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
                throw new DatasetException("dataset file " + path + " is empty or truncated (no IDX header); "
                        + "delete it and get a fresh copy");
            }
            int wantMagic = 0x0800 | rank;
            if (magic != wantMagic) {
                throw new DatasetException(String.format("dataset file %s has magic number 0x%08X, expected 0x%08X "
                        + "(IDX unsigned bytes, %d dimensions): wrong or corrupt file", path, magic, wantMagic, rank));
            }
            int[] dims = new int[rank];
            long items = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new DatasetException("dataset file " + path + " has a negative dimension " + dims[i] + ": corrupt file");
                }
                items *= dims[i];
            }
            if (expectedCount >= 0 && dims[0] != expectedCount) {
                throw new DatasetException("dataset file " + path + " holds " + dims[0] + " items, expected "
                        + expectedCount + ": wrong or corrupt file");
            }
            if (items > Integer.MAX_VALUE - 16) {
                throw new DatasetException("dataset file " + path + " declares " + Arrays.toString(dims) + ", too large");
            }
            byte[] bytes = new byte[(int) items];
            int got = data.readNBytes(bytes, 0, bytes.length);
            if (got < bytes.length) {
                throw new DatasetException("dataset file " + path + " is truncated: header " + Arrays.toString(dims)
                        + " needs " + bytes.length + " data bytes, found " + got + "; delete it and get a fresh copy");
            }
            if (data.read() != -1) {
                throw new DatasetException("dataset file " + path + " has bytes after the " + bytes.length
                        + " its header " + Arrays.toString(dims) + " announces: wrong or corrupt file");
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(digest)) {
                throw new DatasetException("dataset file " + path + " fails its checksum: SHA-256 of the content is "
                        + digest + ", expected " + expectedSha256 + "; delete it and get a fresh copy");
            }
            return new IdxFile(path, dims, bytes, digest);
        } catch (EOFException | ZipException e) {
            throw new DatasetException("dataset file " + path + " is truncated or not valid gzip (" + e.getMessage()
                    + "); delete it and get a fresh copy", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset file " + path + ": " + e.getMessage(), e);
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
