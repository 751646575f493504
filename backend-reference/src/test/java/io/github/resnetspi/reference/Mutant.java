package io.github.resnetspi.reference;

import io.github.resnetspi.api.Backend;
import java.util.List;
import java.util.function.Supplier;

/**
 * One deliberately wrong backend: the reference with one realistic mistake in one pinned semantic. The kit must fail
 * every check in {@code checks}, the best of them by at least {@code requiredMargin} times its tolerance.
 *
 * @param id             short stable name (the backend is called {@code mutant-<id>})
 * @param semantic       the pinned semantic it breaks (a row of docs/semantics.md)
 * @param mistake        what it does wrong, in a few words
 * @param backend        creates the mutant
 * @param checks         the check ids (one case each) that must fail; only these run, to fit the CI budget
 * @param requiredMargin the margin the best of them must reach: 10, or less where the README explains why that is
 *                       the honest maximum; 0 for mutants caught by exact (non-numeric) checks
 */
record Mutant(String id, String semantic, String mistake, Supplier<Backend> backend, List<String> checks,
              double requiredMargin) {
    static final double WIDE = 10;
}
