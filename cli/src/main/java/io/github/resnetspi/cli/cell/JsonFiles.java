package io.github.resnetspi.cli.cell;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.stream.MalformedJsonException;
import io.github.resnetspi.api.Causes;
import io.github.resnetspi.training.FileKind;
import io.github.resnetspi.training.TrainConfigJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON files cells and comparisons keep: written atomically, so that no reader ever sees half a file. */
public final class JsonFiles {
    // Training settings in TrainConfigJson's form. No HTML escaping: command lines in these files keep their = and quote characters as typed.
    private static final Gson GSON = TrainConfigJson.register(new GsonBuilder()).setPrettyPrinting()
            .serializeNulls().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private JsonFiles() {
    }

    /**
     * Writes {@code value} to a temporary file beside {@code file}, then renames it into place.
     *
     * @throws IOException naming {@code file} (a full disk's own message names none)
     */
    public static void write(Path file, Object value) throws IOException {
        try {
            writeAtomically(file, value);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void writeAtomically(Path file, Object value) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, GSON.toJson(value) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads {@code file} as {@code type} (null when it holds nothing but blanks).
     *
     * @throws InvalidJson when the file is not a regular file, not JSON, holds a value of the wrong type, or a value
     *                     that {@code type}'s constructor refuses: the message says which, in words, without the file's
     *                     name (the caller names it) or the parser's own text
     * @throws IOException when the file cannot be read
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        if (FileKind.notRegular(file) != null) {
            // a named pipe would block the reader forever, a device never end
            throw new InvalidJson("it is " + FileKind.of(file) + ", not a regular file");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return GSON.fromJson(text, type);
        } catch (RuntimeException e) {
            throw new InvalidJson(describe(e));
        }
    }

    /** What a Gson failure means, in words: not JSON, a value of the wrong type, or a value out of range. */
    static String describe(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MalformedJsonException || t instanceof java.io.EOFException) {
                return "it is not valid JSON" + where(e.getMessage(), false);
            }
        }
        if (!(e instanceof JsonParseException) && e.getCause() instanceof IllegalArgumentException refused) {
            // a record's constructor refused a value: its message says which and why
            return refused.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher input = Pattern.compile("For input string: (\".*\")").matcher(String.valueOf(t.getMessage()));
            if (t instanceof NumberFormatException && input.find()) {
                // Gson names no field for a number it could not parse: the value itself identifies it
                return "a value has the wrong type: " + input.group(1) + " is not a number";
            }
        }
        return "a value has the wrong type" + where(e.getMessage(), true);
    }

    /** {@code " (field $.history[0].loss, line 5, column 14)"} from a Gson message, or "" when it names neither. */
    private static String where(String gsonMessage, boolean field) {
        if (gsonMessage == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        Matcher path = Pattern.compile("path (\\$\\S*)").matcher(gsonMessage);
        if (field && path.find()) {
            parts.add("field " + path.group(1));
        }
        Matcher at = Pattern.compile("line (\\d+) column (\\d+)").matcher(gsonMessage);
        if (at.find()) {
            parts.add("line " + at.group(1) + ", column " + at.group(2));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /**
     * What went wrong reading a JSON file, in words and without the file's name: the {@link InvalidJson}'s own text, or
     * the operating system's cause (permission denied, ...) with what to do.
     *
     * @param failure what {@link #read(Path, Class)} threw
     * @return one line
     */
    public static String problem(IOException failure) {
        return failure instanceof InvalidJson ? failure.getMessage() : Causes.about(failure);
    }

    /** A file that is not the JSON its reader expects; the message says what is wrong with it. */
    public static final class InvalidJson extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidJson(String problem) {
            super(problem);
        }
    }
}
