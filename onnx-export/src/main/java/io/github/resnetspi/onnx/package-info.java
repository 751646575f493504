/**
 * ONNX export of a {@link io.github.resnetspi.api.graph.Network} and its state: {@link io.github.resnetspi.onnx.OnnxExport}.
 * The protobuf classes it builds on are generated at build time from the vendored {@code onnx.proto}
 * (package {@code io.github.resnetspi.onnx.proto}).
 */
package io.github.resnetspi.onnx;
