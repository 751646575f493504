package io.github.resnetspi.onnx;

import io.github.resnetspi.api.ResnetSpiException;

/** A network or state that {@link OnnxExport} cannot write as ONNX; the message says what and what to do. */
public final class OnnxExportException extends ResnetSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what cannot be exported and why
     */
    public OnnxExportException(String message) {
        super(message);
    }
}
