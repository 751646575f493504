/**
 * The {@code resnet-spi} command line ({@link io.github.resnetspi.cli.Main}): its commands, options, profiles and
 * error handling. docs/cli.md documents it.
 */
package io.github.resnetspi.cli;
