"""Compares adapert's agg_results.csv (and results.csv) with cell-eval's for one prediction.

Within 1e-4: pearson_delta, discrimination_score_l1, de_spearman_lfc_sig, de_direction_match (and recall,
precision, mse/mae of delta); equal: overlap_at_N/50/100 and the DEG counts; NaN/null exactly where
cell-eval has them. With --ceiling: agg_ceiling_results.csv (within 1e-4) and ceiling_results.csv. Exit 1
with the differing cells listed.
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


def compare(ours_path, theirs_path, key):
    ours, theirs = pl.read_csv(ours_path), pl.read_csv(theirs_path)
    problems = []
    if key == "perturbation":
        ours, theirs = ours.sort(key), theirs.sort(key)
        if ours[key].to_list() != theirs[key].to_list():
            return [f"perturbations differ: {ours[key].to_list()} vs {theirs[key].to_list()}"]
    rows = theirs[key].to_list()
    for metric in TOLERANT + EXACT:
        if metric not in theirs.columns:
            continue
        tol = 1e-4 if metric in TOLERANT else 1e-12
        for row, a, b in zip(rows, ours[metric].cast(pl.Float64).to_list(), theirs[metric].cast(pl.Float64).to_list()):
            if not same(a, b, tol):
                problems.append(f"{metric} [{row}]: adapert {a} vs cell-eval {b}")
    return problems


def compare_ceiling(ours_path, theirs_path):
    ours, theirs = pl.read_csv(ours_path), pl.read_csv(theirs_path)
    return [f"ceiling {m}: adapert {ours[m][0]} vs cell-eval {theirs[m][0]}"
            for m in TOLERANT + EXACT if m in theirs.columns
            and not same(ours[m].cast(pl.Float64)[0], theirs[m].cast(pl.Float64)[0], 1e-4)]


ceiling = len(sys.argv) > 3 and sys.argv[3] == "--ceiling"
if ceiling:
    problems = compare_ceiling(sys.argv[1] + "/agg_ceiling_results.csv", sys.argv[2] + "/agg_ceiling_results.csv")
    problems += compare(sys.argv[1] + "/ceiling_results.csv", sys.argv[2] + "/ceiling_results.csv", "perturbation")
else:
    problems = compare(sys.argv[1] + "/agg_results.csv", sys.argv[2] + "/agg_results.csv", "statistic")
    problems += compare(sys.argv[1] + "/results.csv", sys.argv[2] + "/results.csv", "perturbation")
for p in problems[:40]:
    print("  " + p)
sys.exit(1 if problems else 0)
