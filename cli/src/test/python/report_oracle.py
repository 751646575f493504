#!/usr/bin/env python3
"""The comparison report's statistics and files checked against SciPy and the cell files, for ReportOracleTest.

  report_oracle.py statistics IN
      IN (JSON written by the test): random samples with what the report's Java code computed for them (Summary,
      WelchTest, seconds to a target accuracy). Each figure is recomputed here with numpy/scipy.stats.
  report_oracle.py columns DIR
      DIR: a comparison directory on which `resnet-spi report` ran. Every column of results.csv, runs.csv,
      epochs.csv and results.json is recomputed from the cell files DIR/cells/*/seed-*/result.json alone.

Prints the largest differences found; prints every disagreement and exits 1 when there is one.
"""
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
from scipy import stats

REL = 1e-9


class Check:
    def __init__(self):
        self.failures = []
        self.worst = {}

    def close(self, what, got, want, rel=REL, absolute=0.0):
        """got within rel (relative) or absolute of want; both None/NaN counts as equal."""
        if want is None or (isinstance(want, float) and math.isnan(want)):
            if got is not None and not (isinstance(got, float) and math.isnan(got)):
                self.failures.append("%s: %r, expected nothing (not measured)" % (what, got))
            return
        if got is None:
            self.failures.append("%s: nothing, expected %r" % (what, want))
            return
        diff = abs(got - want)
        kind = ("relative difference, " if rel else "absolute difference, ") + what.split(" ")[-1]
        self.worst[kind] = max(self.worst.get(kind, 0.0), diff / max(abs(want), 1e-300) if rel else diff)
        if not diff <= max(rel * abs(want), absolute):
            self.failures.append("%s: %r, expected %r (difference %.3e)" % (what, got, want, diff))

    def equal(self, what, got, want):
        if got != want:
            self.failures.append("%s: %r, expected %r" % (what, got, want))

    def finish(self):
        for kind, w in sorted(self.worst.items()):
            print("largest %s: %.2e" % (kind, w))
        for f in self.failures:
            print("DISAGREES " + f)
        sys.exit(1 if self.failures else 0)


def summary(values):
    a = np.asarray(values, dtype=np.float64)
    if a.size == 0:
        return dict(n=0, mean=None, sd=None, min=None, max=None, median=None)
    return dict(n=int(a.size), mean=float(np.mean(a)), sd=float(np.std(a, ddof=1)) if a.size > 1 else 0.0,
                min=float(np.min(a)), max=float(np.max(a)), median=float(np.median(a)))


def welch(a, b, alpha):
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    r = stats.ttest_ind(a, b, equal_var=False)
    return dict(difference=float(np.mean(a) - np.mean(b)), t=float(r.statistic), df=float(df), p=float(r.pvalue))


def seconds_to_target(history, target):
    elapsed = np.cumsum([e["epochSeconds"] for e in history])
    for e, s in zip(history, elapsed):
        if e["testAccuracy"] >= target:
            return float(s)
    return None


def check_summary(c, what, got, values):
    want = summary(values)
    c.equal(what + " n", got["n"], want["n"])
    for k in ("mean", "sd", "min", "max", "median"):
        c.close("%s %s" % (what, k), got[k], want[k], absolute=1e-15)


def check_welch(c, what, got, a, b, alpha):
    want = welch(a, b, alpha)
    for k in ("difference", "t", "df"):
        c.close("%s %s" % (what, k), got[k], want[k], absolute=1e-15)
    c.close(what + " p", got["p"], want["p"], rel=1e-9, absolute=1e-15)
    # the critical value by its definition: SciPy's two-sided tail beyond it is alpha (SciPy's own t.ppf is only
    # good to ~1e-9 relative, less exact than the value checked)
    c.close(what + " tail_beyond_critical", 2 * float(stats.t.sf(got["critical"], want["df"])), alpha)


def statistics(path):
    cases = json.loads(Path(path).read_text())
    c = Check()
    for i, case in enumerate(cases["welch"]):
        a, b, java = case["a"], case["b"], case["java"]
        check_summary(c, "case %d side a" % i, java["a"], a)
        check_summary(c, "case %d side b" % i, java["b"], b)
        check_welch(c, "case %d (n %d vs %d) welch" % (i, len(a), len(b)), java["welch"], a, b, cases["alpha"])
    for i, case in enumerate(cases["target"]):
        c.close("target case %d seconds_to_target" % i, case.get("java"), seconds_to_target(case["history"], case["target"]))
    print("%d Welch cases, %d seconds-to-target cases, SciPy %s" % (len(cases["welch"]), len(cases["target"]),
                                                                    __import__("scipy").__version__))
    c.finish()


def fmt(v, decimals):
    """What the report writes for v: `decimals` decimals, empty when not measured."""
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else "%.*f" % (decimals, v)


def cell_field(c, what, got, want, decimals):
    """A CSV number: equal to the cell files' value to half a unit in its last written decimal."""
    if want is None or got == "" or not isinstance(want, (int, float)):
        c.equal(what, got, fmt(want, decimals) if isinstance(want, (int, float, type(None))) else want)
        return
    c.close(what, float(got), float(want), rel=0, absolute=0.5 * 10 ** -decimals + 1e-12)


def without_nulls(o):
    """A cell as JSON, absent and null fields alike (results.json writes nulls, the cell files leave them out)."""
    return None if o is None else {k: v for k, v in o.items() if v is not None}


def mib(b):
    return "n/a" if b < 0 else b / (1024.0 * 1024.0)


def columns(directory):
    d = Path(directory)
    c = Check()
    report = json.loads((d / "results.json").read_text())
    target, alpha = report["targetAccuracy"], report["alpha"]
    cells = [json.loads(p.read_text()) for p in sorted((d / "cells").glob("*/seed-*/result.json"))]
    backends = list(dict.fromkeys(r["backend"] for r in cells))
    ok = {b: [r for r in cells if r["backend"] == b and r["status"] == "ok"] for b in backends}

    # results.json: the cells as they are, the aggregates, the verdicts
    by_cell = {(r["backend"], r["seed"]): r for r in report["runs"]}
    for r in cells:
        c.equal("results.json run %s seed %d" % (r["backend"], r["seed"]),
                without_nulls(by_cell.get((r["backend"], r["seed"]))), without_nulls(r))
    aggregates = {}
    for b in backends:
        runs = ok[b]
        last = [r["history"][-1] for r in runs]
        later = [e["examplesPerSecond"] for r in runs for e in r["history"][1:]]
        reach = [s for s in (seconds_to_target(r["history"], target) for r in runs) if s is not None]
        aggregates[b] = dict(
            finalLoss=[e["loss"] for e in last], trainAccuracy=[e["trainAccuracy"] for e in last],
            testAccuracy=[e["testAccuracy"] for e in last], examplesPerSecond=[r["examplesPerSecond"] for r in runs],
            warmupEpochExamplesPerSecond=[r["history"][0]["examplesPerSecond"] for r in runs],
            laterEpochExamplesPerSecond=later,
            meanEpochSeconds=[float(np.mean([e["epochSeconds"] for e in r["history"]])) for r in runs],
            secondsToTarget=reach)
    for got in report["backends"]:
        b = got["backend"]
        for k, values in aggregates[b].items():
            check_summary(c, "results.json %s %s" % (b, k), got[k], values)
        c.equal("results.json %s finished" % b, got["finished"], len(ok[b]))
        c.equal("results.json %s reachedTarget" % b, got["reachedTarget"], len(aggregates[b]["secondsToTarget"]))
    for got in report["differences"]:
        a, b = aggregates[got["a"]]["testAccuracy"], aggregates[got["b"]]["testAccuracy"]
        c.equal("results.json %s vs %s runs" % (got["a"], got["b"]), (got["runsA"], got["runsB"]), (len(a), len(b)))
        check_welch(c, "results.json %s vs %s welch" % (got["a"], got["b"]), got["test"], a, b, alpha)

    # results.csv: one row per backend
    rows = {r["backend"]: r for r in csv.DictReader(open(d / "results.csv"))}
    for b in backends:
        row, agg, first = rows[b], aggregates[b], ok[b][0]
        for col, want in (("engine", first["engine"]), ("engine_version", first["engineVersion"]),
                          ("device", first["device"]),
                          ("runs_planned", str(len([r for r in cells if r["backend"] == b]))),
                          ("runs_finished", str(len(ok[b]))),
                          ("runs_failed", str(len([r for r in cells if r["backend"] == b and r["status"] == "failed"]))),
                          ("runs_reaching_target", str(len(agg["secondsToTarget"])))):
            c.equal("results.csv %s %s" % (b, col), row[col], want)
        for col, key, dec in (("final_loss", "finalLoss", 4), ("train_acc", "trainAccuracy", 4),
                              ("test_acc", "testAccuracy", 4), ("examples_per_sec", "examplesPerSecond", 1)):
            s = summary(agg[key])
            for stat in ("mean", "sd", "min", "max"):
                cell_field(c, "results.csv %s %s_%s" % (b, col, stat), row[col + "_" + stat], s[stat], dec)
        later = summary(agg["laterEpochExamplesPerSecond"])
        reach = summary(agg["secondsToTarget"])
        for col, want, dec in (
                ("warmup_epoch_examples_per_sec_median", summary(agg["warmupEpochExamplesPerSecond"])["median"], 1),
                ("later_epochs_examples_per_sec_median", later["median"], 1),
                ("later_epochs_examples_per_sec_min", later["min"], 1),
                ("later_epochs_examples_per_sec_max", later["max"], 1),
                ("mean_epoch_seconds", summary(agg["meanEpochSeconds"])["mean"], 2),
                ("target_test_acc", target, 6),
                ("seconds_to_target_mean", reach["mean"], 1), ("seconds_to_target_min", reach["min"], 1),
                ("seconds_to_target_max", reach["max"], 1),
                ("peak_rss_mib", mib(max(e["peakRssBytes"] for r in ok[b] for e in r["history"])), 0)):
            cell_field(c, "results.csv %s %s" % (b, col), row[col], want, dec)

    # runs.csv: one row per cell
    rows = {(r["backend"], int(r["seed"])): r for r in csv.DictReader(open(d / "runs.csv"))}
    for r in cells:
        row, name = rows[(r["backend"], r["seed"])], "runs.csv %s seed %d" % (r["backend"], r["seed"])
        c.equal(name + " status", row["status"], r["status"])
        if r["status"] != "ok":
            c.equal(name + " error", row["error"], r["error"])
            continue
        h, last = r["history"], r["history"][-1]
        for col, want in (("engine", r["engine"]), ("engine_version", r["engineVersion"]), ("device", r["device"]),
                          ("epochs", str(len(h))), ("error", "")):
            c.equal("%s %s" % (name, col), row[col], want)
        for col, want, dec in (("final_loss", last["loss"], 4), ("train_acc", last["trainAccuracy"], 4),
                               ("test_acc", last["testAccuracy"], 4), ("examples_per_sec", r["examplesPerSecond"], 1),
                               ("mean_epoch_seconds", float(np.mean([e["epochSeconds"] for e in h])), 2),
                               ("seconds_to_target", seconds_to_target(h, target), 1),
                               ("wall_seconds", r["wallSeconds"], 1),
                               ("peak_rss_mib", mib(max(e["peakRssBytes"] for e in h)), 0)):
            cell_field(c, "%s %s" % (name, col), row[col], want, dec)

    # epochs.csv: one row per finished cell and epoch
    rows = {(r["backend"], int(r["seed"]), int(r["epoch"])): r for r in csv.DictReader(open(d / "epochs.csv"))}
    c.equal("epochs.csv rows", len(rows), sum(len(r["history"]) for r in cells))
    for r in cells:
        elapsed = np.cumsum([e["epochSeconds"] for e in r["history"]])
        for e, s in zip(r["history"], elapsed):
            row = rows[(r["backend"], r["seed"], e["epoch"])]
            name = "epochs.csv %s seed %d epoch %d" % (r["backend"], r["seed"], e["epoch"])
            c.close(name + " lr", float(row["lr"]), e["learningRate"], rel=0)
            for col, want, dec in (("loss", e["loss"], 5), ("train_acc", e["trainAccuracy"], 5),
                                   ("test_acc", e["testAccuracy"], 5), ("train_seconds", e["trainSeconds"], 3),
                                   ("epoch_seconds", e["epochSeconds"], 3), ("elapsed_seconds", float(s), 3),
                                   ("examples_per_sec", e["examplesPerSecond"], 1),
                                   ("peak_rss_mib", mib(e["peakRssBytes"]), 0)):
                cell_field(c, "%s %s" % (name, col), row[col], want, dec)
    print("%d cells of %d backends checked in results.json, results.csv, runs.csv, epochs.csv"
          % (len(cells), len(backends)))
    c.finish()


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("statistics", "columns"):
        print("usage: report_oracle.py statistics IN | columns DIR", file=sys.stderr)
        sys.exit(2)
    (statistics if sys.argv[1] == "statistics" else columns)(sys.argv[2])


if __name__ == "__main__":
    main()
