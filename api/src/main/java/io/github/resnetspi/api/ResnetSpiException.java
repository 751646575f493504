package io.github.resnetspi.api;

/** Base of every exception this project throws on purpose; its message says what was wrong and what to do. */
public class ResnetSpiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResnetSpiException(String message) {
        super(message);
    }

    public ResnetSpiException(String message, Throwable cause) {
        super(message, cause);
    }
}
