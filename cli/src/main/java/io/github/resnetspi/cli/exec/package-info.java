/**
 * Where a comparison's cells run: child JVMs on this machine or SLURM jobs ({@link io.github.resnetspi.cli.exec.Executor}).
 */
package io.github.resnetspi.cli.exec;
