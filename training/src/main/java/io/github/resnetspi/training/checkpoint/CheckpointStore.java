package io.github.resnetspi.training.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
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
import java.util.ArrayList;
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
 * only a stray {@code .tmp} file and every earlier checkpoint intact. The newest {@value #KEEP} are kept.
 */
public class CheckpointStore {
    public static final int KEEP = 2;
    public static final String FORMAT = "resnet-spi checkpoint v1";
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})\\.safetensors");

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the checkpoint after {@code epoch} complete epochs and returns its path. */
    public Path write(int epoch, NamedTensors state, Map<String, String> identity, List<EpochMetrics> history,
                      String backend) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("backend", backend);
        meta.put("data_order", DataOrder.ALGORITHM);
        meta.put("next_epoch", Integer.toString(epoch));
        identity.forEach((k, v) -> meta.put("config." + k, v));
        meta.put("history", new Gson().toJson(history));
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
            throw new CheckpointException("cannot write checkpoint " + target + ": " + e.getMessage()
                    + "; earlier checkpoints in " + dir + " are untouched", e);
        } finally {
            deleteQuietly(tmp);
        }
        prune();
        return target;
    }

    /** Writes the file's bytes; a seam for tests that simulate a crash in the middle of a write. */
    protected void writeContent(OutputStream out, NamedTensors state, Map<String, String> meta) throws IOException {
        SafeTensors.write(out, state, meta);
    }

    /** The newest complete checkpoint, if any. Temporary files of interrupted writes are ignored. */
    public Optional<Checkpoint> latest() {
        List<Path> files = complete();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(files.get(files.size() - 1)));
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
            throw new CheckpointException("cannot list checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads one checkpoint file written by {@link #write}. */
    public static Checkpoint read(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException("checkpoint " + file + " is not a resnet-spi checkpoint (format '"
                    + meta.get("format") + "', expected '" + FORMAT + "')");
        }
        Map<String, String> identity = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("config.")) {
                identity.put(k.substring(7), v);
            }
        });
        List<EpochMetrics> history;
        try {
            history = new Gson().fromJson(meta.get("history"), new TypeToken<List<EpochMetrics>>() { }.getType());
        } catch (JsonParseException e) {
            throw new CheckpointException("checkpoint " + file + " has an unreadable metrics history: " + e.getMessage(), e);
        }
        return new Checkpoint(file, Integer.parseInt(meta.get("epoch")), c.tensors(), identity, meta.get("data_order"),
                history == null ? new ArrayList<>() : history, meta.getOrDefault("backend", "unknown"));
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
