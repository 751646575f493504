/**
 * The backend {@code tensorflow}: TensorFlow through TensorFlow Java, in graph mode
 * ({@link io.github.resnetspi.tensorflow.TensorFlowProvider}).
 */
package io.github.resnetspi.tensorflow;
