package io.github.resnetspi.training.checkpoint;

import io.github.resnetspi.api.Causes;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.training.EpochMetrics;
import io.github.resnetspi.training.data.DataOrder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of checkpoints {@code epoch-NNNN.safetensors}. Each is written to a temporary file in the same
 * directory, flushed to disk, then renamed into place with {@code ATOMIC_MOVE}: a run killed while writing leaves
 * only a stray {@code .tmp} file and every earlier checkpoint intact. The newest {@value #KEEP} are kept. Each file
 * carries a {@link ContentDigest} of its content, checked on reading, so a damaged checkpoint is refused rather than
 * resumed from. Exclusive use of the directory is the caller's business ({@link io.github.resnetspi.training.RunDirectoryLock}).
 */
public class CheckpointStore {
    public static final int KEEP = 2;
    /** v2 added the content digest; v1 files (without it) are refused. */
    public static final String FORMAT = "resnet-spi checkpoint v2";
    private static final String FORMAT_NAME = "resnet-spi checkpoint";
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,9})\\.safetensors");
    private static final Pattern EPOCH = Pattern.compile("[1-9][0-9]{0,8}");
    /** The metadata entry of the input example's shape, {@code C,H,W}. */
    public static final String INPUT_SHAPE = "input_shape";
    private static final Pattern SHAPE = Pattern.compile("[1-9][0-9]{0,8}(,[1-9][0-9]{0,8}){2}");

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the checkpoint after {@code epoch} (at least 1) complete epochs and returns its path. */
    public Path write(int epoch, NamedTensors state, Map<String, String> identity, List<EpochMetrics> history,
                      String backend) {
        return write(epoch, state, identity, history, backend, null);
    }

    /**
     * Writes the checkpoint after {@code epoch} (at least 1) complete epochs of a network whose input example has
     * shape {@code input} (C, H, W; recorded as {@value #INPUT_SHAPE}, none when null) and returns its path.
     */
    public Path write(int epoch, NamedTensors state, Map<String, String> identity, List<EpochMetrics> history,
                      String backend, Shape input) {
        if (epoch < 1) {
            throw new IllegalArgumentException("a checkpoint holds at least one complete epoch, got " + epoch);
        }
        Map<String, String> meta = metadata(epoch, state, identity, history, backend, input);
        Path target = dir.resolve(String.format("epoch-%04d.safetensors", epoch));
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
                writeContent(out, state, meta);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint " + target + ": " + Causes.of(e, dir)
                    + "; earlier checkpoints in " + dir + " are untouched", e);
        } finally {
            deleteQuietly(tmp);
        }
        prune();
        return target;
    }

    /** The metadata of a checkpoint after {@code epoch} epochs, ending with the content digest. */
    static Map<String, String> metadata(int epoch, NamedTensors state, Map<String, String> identity,
                                        List<EpochMetrics> history, String backend) {
        return metadata(epoch, state, identity, history, backend, null);
    }

    static Map<String, String> metadata(int epoch, NamedTensors state, Map<String, String> identity,
                                        List<EpochMetrics> history, String backend, Shape input) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("backend", backend);
        meta.put("data_order", DataOrder.ALGORITHM);
        meta.put("next_epoch", Integer.toString(epoch));
        identity.forEach((k, v) -> meta.put("config." + k, v));
        if (input != null) {
            meta.put(INPUT_SHAPE, shapeText(input));
        }
        meta.put("history", new Gson().toJson(history));
        meta.put(ContentDigest.KEY, ContentDigest.of(state, meta));
        return meta;
    }

    /** Writes the file's bytes; a seam for tests that simulate a crash in the middle of a write. */
    protected void writeContent(OutputStream out, NamedTensors state, Map<String, String> meta) throws IOException {
        SafeTensors.write(out, state, meta);
    }

    /**
     * The newest complete checkpoint, if any. Temporary files of interrupted writes are ignored. When the newest
     * cannot be read, the message says whether an older one is kept and how to resume from it.
     */
    public Optional<Checkpoint> latest() {
        List<Path> files = complete();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path newest = files.get(files.size() - 1);
        try {
            return Optional.of(read(newest));
        } catch (CheckpointException e) {
            throw withRecoveryHint(e, newest);
        }
    }

    /**
     * {@code problem} with {@code bad} (a checkpoint of this directory that cannot be resumed from) extended by what to
     * do: move it away to resume from the newest older checkpoint, if one is kept, or else start afresh. A file
     * elsewhere gets no hint.
     */
    public CheckpointException withRecoveryHint(CheckpointException problem, Path bad) {
        Path parent = bad.toAbsolutePath().normalize().getParent();
        if (problem instanceof NotACheckpointException || parent == null || !parent.equals(dir.toAbsolutePath().normalize())) {
            return problem;
        }
        List<Path> older = complete().stream().filter(p -> epochOf(p) < epochOf(bad)).toList();
        String hint = older.isEmpty()
                ? "; no older checkpoint is kept in " + dir + ", so start afresh in an empty checkpoint directory"
                : "; the older checkpoint " + older.get(older.size() - 1) + " is kept: to resume from it, move the"
                        + " damaged file away (mv " + bad + " " + bad + ".damaged) and resume again";
        return new CheckpointException(problem.problem() + hint, problem);
    }

    /** Complete checkpoint files, oldest first. */
    public List<Path> complete() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Integer.compare(epochOf(a), epochOf(b))).toList();
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoint directory " + dir + ": " + Causes.about(e), e);
        }
    }

    /**
     * Reads one checkpoint file written by {@link #write}: a valid safetensors file of this format whose epoch is a
     * positive number matching its file name, whose history has one entry per epoch, and whose content digest matches.
     */
    public static Checkpoint read(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!isCheckpoint(meta)) {
            throw new NotACheckpointException(file);
        }
        if (!FORMAT.equals(meta.get("format"))) {
            String found = meta.get("format");
            throw new CheckpointException("checkpoint " + file + " is not a " + FORMAT + " file (format "
                    + (found == null ? "missing" : SafeTensors.quote(found)) + ")"
                    + (found != null && found.startsWith(FORMAT_NAME)
                    ? "; it was written by another version of resnet-spi: start afresh in an empty checkpoint directory" : ""));
        }
        int epoch = epoch(file, meta.get("epoch"));
        int named = epochOf(file);
        if (named >= 0 && named != epoch) {
            throw new CheckpointException("checkpoint " + file + " is named for epoch " + named + " but its metadata"
                    + " says epoch " + epoch + ": the file was renamed or edited");
        }
        List<EpochMetrics> history = history(file, meta.get("history"), epoch);
        String data = meta.get("data_order");
        if (data == null) {
            throw new CheckpointException("checkpoint " + file + " lacks its data_order metadata: the file is corrupt");
        }
        String digest = ContentDigest.of(c.tensors(), meta);
        if (!digest.equals(meta.get(ContentDigest.KEY))) {
            throw new CheckpointException("checkpoint " + file + " does not match its content digest ("
                    + ContentDigest.KEY + "): the file was damaged or edited after it was written");
        }
        Map<String, String> identity = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("config.")) {
                identity.put(k.substring(7), v);
            }
        });
        return new Checkpoint(file, epoch, c.tensors(), identity, data, history, meta.getOrDefault("backend", "unknown"),
                inputShape(file, meta.get(INPUT_SHAPE)));
    }

    /**
     * @param metadata a safetensors file's metadata
     * @return whether it is a resnet-spi checkpoint's (of any version): its {@code format} names one
     */
    public static boolean isCheckpoint(Map<String, String> metadata) {
        String format = metadata.get("format");
        return format != null && format.startsWith(FORMAT_NAME);
    }

    /** {@code C,H,W}. */
    public static String shapeText(Shape s) {
        return s.dim(0) + "," + s.dim(1) + "," + s.dim(2);
    }

    private static Shape inputShape(Path file, String value) {
        if (value == null) {
            return null;
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new CheckpointException("checkpoint " + file + " has " + INPUT_SHAPE + " " + SafeTensors.quote(value)
                    + " in its metadata, not C,H,W: the file is corrupt or was edited");
        }
        String[] p = value.split(",");
        return Shape.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    private static int epoch(Path file, String value) {
        if (value == null || !EPOCH.matcher(value).matches()) {
            throw new CheckpointException("checkpoint " + file + " has epoch " + (value == null ? "missing"
                    : SafeTensors.quote(value)) + " in its metadata, not a number of complete epochs from 1 to"
                    + " 999999999: the file is corrupt or was edited");
        }
        return Integer.parseInt(value);
    }

    private static List<EpochMetrics> history(Path file, String json, int epoch) {
        List<EpochMetrics> history;
        try {
            history = new Gson().fromJson(json, new TypeToken<List<EpochMetrics>>() { }.getType());
        } catch (RuntimeException e) {
            // Gson reports bad JSON and wrong types as JsonParseException, and bad numbers as NumberFormatException.
            throw new CheckpointException("checkpoint " + file + " has an unreadable metrics history: the file is corrupt", e);
        }
        if (history == null || history.size() != epoch || history.contains(null)) {
            throw new CheckpointException("checkpoint " + file + " holds " + (history == null ? "no" : history.size())
                    + " epochs of metrics history for epoch " + epoch + ": the file is corrupt");
        }
        return history;
    }

    private void prune() {
        List<Path> files = complete();
        for (int i = 0; i < files.size() - KEEP; i++) {
            deleteQuietly(files.get(i));
        }
    }

    private static int epochOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless: it never matches the checkpoint name pattern.
        }
    }
}
