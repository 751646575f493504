package io.github.resnetspi.cli;

/** Arguments that parse but do not make sense together; reported like a parse error, with exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
