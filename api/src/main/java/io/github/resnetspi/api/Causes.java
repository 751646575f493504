package io.github.resnetspi.api;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * The one place that turns a failure's cause into words for a message a user reads: what the operating system, the
 * network or a library reported, as a short phrase with the path it concerns and what to do ("permission denied on
 * /data/x: make it readable, or choose another path"), never an exception's class name, a stack trace or a library's
 * URL. Every message built from a caught exception goes through {@link #of(Throwable)} or {@link #of(Throwable, Path)}.
 */
public final class Causes {
    private static final int MAX = 300;

    private Causes() {
    }

    /**
     * The cause of {@code failure} in words, with what to do; the path it concerns is the one the failure names.
     *
     * @param failure what was caught
     * @return one line, such as {@code "no network connection (cannot reach example.org): check the connection or
     *         proxy, or get the files by hand"}
     */
    public static String of(Throwable failure) {
        return of(failure, null);
    }

    /**
     * The cause of {@code failure} in words, with what to do.
     *
     * @param failure what was caught
     * @param where   the file or directory the operation concerned, named when the failure does not name one (a full
     *                disk reports no path); may be null
     * @return one line, never empty, with no exception class name in it
     */
    public static String of(Throwable failure, Path where) {
        Throwable t = specific(failure);
        String path = path(t, where != null ? where : namedInChain(failure));
        String text = words(t, path);
        return oneLine(text);
    }

    /**
     * The cause of {@code failure} in words, with what to do, but without the path, for a message that names it
     * already ("cannot read /x/y: permission denied: ...").
     *
     * @param failure what was caught
     * @return one line, never empty, with no exception class name in it
     */
    public static String about(Throwable failure) {
        return oneLine(words(specific(failure), null));
    }

    /** The innermost cause that says more than its wrappers (an UncheckedIOException's IOException, say). */
    private static Throwable specific(Throwable failure) {
        Throwable best = failure;
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 20; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || known(t)) {
                best = t;
            }
        }
        if (best instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause();
        }
        return best;
    }

    /** The file a wrapper in the chain names (a caller that added the path to a failure that lacked one), or null. */
    private static Path namedInChain(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 20; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException f && f.getFile() != null && !f.getFile().isEmpty()) {
                return Path.of(f.getFile());
            }
        }
        return null;
    }

    private static boolean known(Throwable t) {
        return t instanceof OutOfMemoryError || t instanceof InterruptedException;
    }

    private static String path(Throwable t, Path where) {
        if (t instanceof FileSystemException f && f.getFile() != null && !f.getFile().isEmpty()) {
            return f.getFile();
        }
        return where == null ? null : where.toString();
    }

    private static String words(Throwable t, String path) {
        String on = path == null ? "" : " on " + path;
        String m = t.getMessage() == null ? "" : t.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (t instanceof UnknownHostException) {
            return "no network connection (cannot resolve " + (m.isEmpty() ? "the host" : m)
                    + "): check the connection, DNS or proxy, or get the files by hand";
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof HttpConnectTimeoutException) {
            return "no network connection (cannot connect" + (m.isEmpty() ? "" : ": " + lower)
                    + "): check the connection or proxy, or get the files by hand";
        }
        if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
            return "the network timed out: try again later, or get the files by hand";
        }
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
            return "no space left" + on + ": free some space there, or choose a directory on another disk";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system" + on + ": choose a directory you can write to";
        }
        if (lower.contains("too many open files")) {
            return "too many open files in this process" + on + ": raise the limit (ulimit -n) and try again";
        }
        if (t instanceof AccessDeniedException || lower.contains("permission denied")) {
            return "permission denied" + on + ": give yourself access to it, or choose another path";
        }
        if (t instanceof NoSuchFileException || (t instanceof FileNotFoundException && lower.contains("no such file"))) {
            return "no such file or directory" + on + ": check the path, or create its directory";
        }
        if (t instanceof NotDirectoryException || lower.contains("not a directory")) {
            return "not a directory" + on + ": a file stands where a directory is needed; remove it or choose another path";
        }
        if (lower.contains("is a directory")) {
            return "is a directory" + on + ": name a file, not a directory";
        }
        if (t instanceof FileAlreadyExistsException) {
            return "already exists" + on + ": remove it or choose another path";
        }
        if (t instanceof DirectoryNotEmptyException) {
            return "directory not empty" + on + ": empty it or choose another path";
        }
        if (t instanceof FileSystemLoopException) {
            return "symbolic links loop" + on + ": fix the links or choose another path";
        }
        if (t instanceof ClosedByInterruptException || t instanceof InterruptedException) {
            return "interrupted" + on + ": the run was stopped while it waited; start it again";
        }
        if (t instanceof ZipException) {
            return "not valid gzip data" + on + (m.isEmpty() ? "" : " (" + lower + ")");
        }
        if (t instanceof java.io.EOFException) {
            return "the file ends too early" + on;
        }
        if (t instanceof NoClassDefFoundError) {
            return "a class is missing from the class path (" + m.replace('/', '.') + "): put the jar that holds it on"
                    + " the class path";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + (m.isEmpty() ? "Java heap" : m) + ")";
        }
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT) + on;
        }
        if (!m.isBlank() && !m.equals(path)) {
            return shorten(m.strip()) + (path == null || m.contains(path) ? "" : on);
        }
        return "a failure that gave no reason" + on;
    }

    private static String shorten(String s) {
        String stripped = plain(s);
        return stripped.length() > MAX ? stripped.substring(0, MAX) + "..." : stripped;
    }

    /**
     * A library's message as a user may read it: without the exception class names it quotes
     * ({@code java.lang.UnsatisfiedLinkError: }) and without links to its documentation.
     *
     * @param message a library's message
     * @return the message without them, stripped
     */
    public static String plain(String message) {
        return message.replaceAll("(?i)\\s*\\(?see https?://\\S+\\)?", "").replaceAll("https?://\\S+", "")
                .replaceAll("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?", "").strip();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
