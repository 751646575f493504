/**
 * The backend {@code djl-pytorch}: PyTorch (libtorch) through DJL
 * ({@link io.github.resnetspi.djl.pytorch.DjlPytorchProvider}).
 */
package io.github.resnetspi.djl.pytorch;
