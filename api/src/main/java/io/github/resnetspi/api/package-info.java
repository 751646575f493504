/**
 * resnet-spi: a ResNet described once, as a backend-neutral graph, and run on any engine found on the class path.
 *
 * <h2>Start here</h2>
 * <ol>
 *   <li>{@link io.github.resnetspi.api.presets.Presets#build(String) Presets.build("resnet-tiny")}: a
 *       {@link io.github.resnetspi.api.graph.Network} (the names are listed on
 *       {@link io.github.resnetspi.api.presets.Presets}).</li>
 *   <li>{@link io.github.resnetspi.api.Backends#select() Backends.select()}: the
 *       {@link Backend} of the backend jar on the class path
 *       ({@code -Dresnetspi.backend=NAME} picks one of several).</li>
 *   <li>{@link Backend#compile backend.compile(network, CompileOptions.defaults())}:
 *       a {@link io.github.resnetspi.api.Model} holding the deterministic initial weights of
 *       {@link io.github.resnetspi.api.CompileOptions#seed()}.</li>
 *   <li>{@link io.github.resnetspi.api.Model#trainStep model.trainStep(images, labels, learningRate)} and
 *       {@link io.github.resnetspi.api.Model#forward model.forward(images, Mode.EVAL)}; close the model when
 *       done.</li>
 * </ol>
 * The README's "Using the library" shows it as a complete program ({@code FirstSteps}).
 *
 * <p>This package is the user API: the selection ({@link io.github.resnetspi.api.Backends}, its
 * {@link io.github.resnetspi.api.BackendsDescription}), a {@link Backend} and the {@link Model} it compiles with
 * {@link CompileOptions} (devices, threads, capabilities, the state layout), and the library's errors
 * ({@link io.github.resnetspi.api.ResnetSpiException}, each with its {@link io.github.resnetspi.api.ErrorAnchor} in
 * docs/errors.md). The others: {@code graph} (the network and its ops), {@code presets}, {@code init} (initial
 * weights), {@code tensor}, {@code train} (SGD, schedules, modes) and {@code spi} (what a backend implements).
 */
package io.github.resnetspi.api;
