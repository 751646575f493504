package io.github.resnetspi.api;

import io.github.resnetspi.api.Causes;
import io.github.resnetspi.api.ErrorAnchor;
import io.github.resnetspi.api.ResnetSpiException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;

/** A backend's engine or a requested device cannot be used here (missing native library, no GPU, ...). */
public final class BackendUnavailableException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CHAIN = 400;

    /** @param message what cannot be used and what to do */
    public BackendUnavailableException(String message) {
        super(message, ErrorAnchor.BACKEND_UNAVAILABLE);
    }

    /**
     * @param message what cannot be used and what to do
     * @param cause   the load failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, ErrorAnchor.BACKEND_UNAVAILABLE, cause);
    }

    /**
     * @param message what cannot be used and what to do
     * @param anchor  the section of {@code docs/errors.md} that explains it
     */
    public BackendUnavailableException(String message, ErrorAnchor anchor) {
        super(message, anchor);
    }

    /**
     * Why a native library failed to load, for a one-line message: each distinct message of {@code failure}'s cause
     * chain, outermost first, joined by ": ", the root cause last (the part that says what to fix, such as
     * "/root/.djl.ai/pytorch: Permission denied"). Links without a message (an {@code ExceptionInInitializerError}
     * around the real failure) are skipped; line breaks become spaces; past {@value #MAX_CHAIN} characters only the outermost
     * message and the root cause remain, shortened.
     *
     * @param failure the load failure
     * @return its cause chain in one line
     */
    public static String causeChain(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Throwable root = failure;
        for (Throwable t = failure; t != null && parts.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            String raw = message(t);
            String m = raw == null ? "" : Causes.plain(raw.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
            if (!m.isEmpty() && parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        if (parts.isEmpty()) {
            return Causes.of(root);
        }
        String chain = String.join(": ", parts);
        if (chain.length() <= MAX_CHAIN) {
            return chain;
        }
        // Too long: keep the outermost message and the root cause, which says what to fix.
        return shorten(parts.get(0), MAX_CHAIN / 3) + ": ...: " + shorten(parts.get(parts.size() - 1), MAX_CHAIN / 2);
    }

    /** The message, completed for file errors whose message is only the path (access denied and the like). */
    private static String message(Throwable t) {
        if (t instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
            String why = t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof NoSuchFileException ? "no such file or directory"
                    : t instanceof FileAlreadyExistsException ? "file exists"
                    : t instanceof NotDirectoryException ? "not a directory"
                    : null;
            if (why == null) {
                return Causes.of(t);
            }
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + why;
        }
        return t.getMessage();
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
