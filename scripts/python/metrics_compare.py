"""Compares the training losses and validation rows of two AdaPert metrics.csv files, step by step (plain
python3, no packages).

  metrics_compare.py A.csv B.csv RTOL [LAST]   every train step of B (up to LAST) must be in A with
                                                |loss_a - loss_b| <= RTOL * |loss_b| (RTOL 0: the same value),
                                                every validation row of B (up to LAST) in A with each val_*
                                                column within the same tolerance (NaN parts on both sides
                                                agree); a loss or val_score that is NaN, infinite or empty
                                                fails, and neither file may list a (step, split) twice
"""
import csv
import math
import sys


def number(path, row, column, finite=True):
    text = row.get(column)
    try:
        value = float(text)
    except (TypeError, ValueError):
        sys.exit(f"{path}: {row['split']} step {row['step']}: {column} is {text!r}, not a number")
    if finite and not math.isfinite(value):
        sys.exit(f"{path}: {row['split']} step {row['step']}: {column} is {value} (training diverged?)")
    return value


def read(path):
    losses, validation, seen = {}, {}, set()
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        val_columns = [c for c in reader.fieldnames or [] if c.startswith("val_")]
        for row in reader:
            key = (int(row["step"]), row["split"])
            if key in seen:
                sys.exit(f"{path}: {row['split']} step {key[0]} appears twice")
            seen.add(key)
            if row["split"] == "train":
                losses[key[0]] = number(path, row, "loss")
            elif row["split"] == "val":
                # The score must be a number; its parts may be empty or NaN (undefined), then alike on both sides.
                validation[key[0]] = {c: number(path, row, c, finite=c == "val_score")
                                      for c in val_columns if row[c] != "" or c == "val_score"}
    if not losses:
        sys.exit(f"{path}: no training rows")
    return losses, validation


def within(a, b, rtol, nan_equal=False):
    if nan_equal and math.isnan(a) and math.isnan(b):
        return True
    # Written so that NaN fails: every comparison with NaN is False.
    return abs(a - b) <= rtol * max(abs(b), 1e-30)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    (a, a_val), (b, b_val) = read(sys.argv[1]), read(sys.argv[2])
    rtol = float(sys.argv[3])
    if not rtol >= 0:
        sys.exit(f"RTOL is {sys.argv[3]}; pass a tolerance >= 0")
    if len(sys.argv) == 5:
        last = int(sys.argv[4])
        b = {step: loss for step, loss in b.items() if step <= last}
        b_val = {step: row for step, row in b_val.items() if step <= last}
    worst = 0.0
    for step, loss in sorted(b.items()):
        if step not in a:
            sys.exit(f"step {step} of {sys.argv[2]} is missing from {sys.argv[1]}")
        rel = abs(a[step] - loss) / max(abs(loss), 1e-30)
        worst = max(worst, rel)
        if not within(a[step], loss, rtol):
            sys.exit(f"step {step}: loss {a[step]!r} vs {loss!r} (relative difference {rel:.3g} > {rtol})")
    for step, row in sorted(b_val.items()):
        if step not in a_val:
            sys.exit(f"validation at step {step} of {sys.argv[2]} is missing from {sys.argv[1]}")
        for column, value in row.items():
            other = a_val[step].get(column)
            if other is None or not within(other, value, rtol, nan_equal=column != "val_score"):
                sys.exit(f"validation step {step}: {column} {other!r} vs {value!r} (tolerance {rtol})")
    print(f"  {len(b)} train steps ({min(b)}..{max(b)}): max relative loss difference {worst:.2g} (limit {rtol}); "
          f"{len(b_val)} validation rows agree")


main()
