/**
 * The commands' argument values that every command layer shares, at the bottom of the CLI beside {@code cell}: the
 * usage error (exit code 2), the network a model/dataset/resize names, and weights given on the command line.
 */
package io.github.resnetspi.cli.args;
