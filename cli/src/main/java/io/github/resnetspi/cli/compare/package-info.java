/**
 * A comparison's plan and files: its cells (one backend and seed each) and the directory that holds them, so that
 * an interrupted comparison continues.
 */
package io.github.resnetspi.cli.compare;
