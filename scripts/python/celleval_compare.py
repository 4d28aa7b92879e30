"""Compares adapert's agg_results.csv (and results.csv) with cell-eval's for one prediction.

  celleval_compare.py ADAPERT_DIR CELLEVAL_DIR [--ceiling]

Within 1e-4: pearson_delta, discrimination_score_l1, de_spearman_lfc_sig, de_direction_match (and recall,
precision, mse/mae of delta); equal: overlap_at_N/50/100 and the DEG counts; NaN/null exactly where
cell-eval has them. Every one of these metrics must be in both files, and both files must hold the same rows
(the same statistics, the same perturbations, each once): a metric or row on one side only is a difference,
never skipped. With --ceiling: agg_ceiling_results.csv (within 1e-4) and ceiling_results.csv. Exit 1 with
the differing cells listed.
"""
import math
import sys

import polars as pl

TOLERANT = ["pearson_delta", "discrimination_score_l1", "de_spearman_lfc_sig", "de_direction_match",
            "de_sig_genes_recall", "precision_at_N", "mse_delta", "mae_delta"]
EXACT = ["overlap_at_N", "overlap_at_50", "overlap_at_100", "de_nsig_counts_real", "de_nsig_counts_pred"]


def same(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


def missing_metrics(ours, theirs, ours_path, theirs_path):
    problems = []
    for metric in TOLERANT + EXACT:
        for frame, path in ((ours, ours_path), (theirs, theirs_path)):
            if metric not in frame.columns:
                problems.append(f"{path}: metric {metric} is missing")
    return problems


def rows_by_key(frame, key, path):
    keys = frame[key].cast(pl.Utf8).to_list()
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    return {k: i for i, k in enumerate(keys)}, ([f"{path}: {key} {duplicated} listed more than once"] if duplicated else [])


def compare(ours_path, theirs_path, key, exact_tol=1e-12):
    ours, theirs = pl.read_csv(ours_path), pl.read_csv(theirs_path)
    problems = missing_metrics(ours, theirs, ours_path, theirs_path)
    if key is None:  # one row per file, no key column
        if ours.height != 1 or theirs.height != 1:
            return problems + [f"expected one row in each of {ours_path} ({ours.height}) and {theirs_path} ({theirs.height})"]
        our_rows, their_rows = {"-": 0}, {"-": 0}
    else:
        if key not in ours.columns or key not in theirs.columns:
            return problems + [f"column {key} is missing from {ours_path if key not in ours.columns else theirs_path}"]
        our_rows, dup_a = rows_by_key(ours, key, ours_path)
        their_rows, dup_b = rows_by_key(theirs, key, theirs_path)
        problems += dup_a + dup_b
        only_ours, only_theirs = sorted(set(our_rows) - set(their_rows)), sorted(set(their_rows) - set(our_rows))
        if only_ours or only_theirs or ours.height != theirs.height:
            problems.append(f"rows differ ({ours.height} in adapert's, {theirs.height} in cell-eval's): "
                            f"{key} only in adapert's {only_ours[:10]}, only in cell-eval's {only_theirs[:10]}")
    for metric in TOLERANT + EXACT:
        if metric not in ours.columns or metric not in theirs.columns:
            continue
        tol = 1e-4 if metric in TOLERANT else exact_tol
        a_values = ours[metric].cast(pl.Float64).to_list()
        b_values = theirs[metric].cast(pl.Float64).to_list()
        for row in sorted(set(our_rows) & set(their_rows)):
            a, b = a_values[our_rows[row]], b_values[their_rows[row]]
            if not same(a, b, tol):
                problems.append(f"{metric} [{row}]: adapert {a} vs cell-eval {b}")
    return problems


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--ceiling"):
        sys.exit(__doc__)
    if len(sys.argv) == 4:
        # The aggregated ceiling holds means of the exact metrics too: 1e-4 for all of them.
        problems = compare(sys.argv[1] + "/agg_ceiling_results.csv", sys.argv[2] + "/agg_ceiling_results.csv", None,
                           exact_tol=1e-4)
        problems += compare(sys.argv[1] + "/ceiling_results.csv", sys.argv[2] + "/ceiling_results.csv", "perturbation")
    else:
        problems = compare(sys.argv[1] + "/agg_results.csv", sys.argv[2] + "/agg_results.csv", "statistic")
        problems += compare(sys.argv[1] + "/results.csv", sys.argv[2] + "/results.csv", "perturbation")
    for p in problems[:40]:
        print("  " + p)
    if len(problems) > 40:
        print(f"  ... and {len(problems) - 40} more")
    sys.exit(1 if problems else 0)
