/**
 * The backend {@code djl-mxnet}: MXNet 1.9.1 (MKL) through DJL
 * ({@link io.github.resnetspi.djl.mxnet.DjlMxnetProvider}).
 */
package io.github.resnetspi.djl.mxnet;
