"""Compares the training losses of two AdaPert metrics.csv files, step by step (plain python3, no packages).

  metrics_compare.py A.csv B.csv RTOL [LAST]   every train step of B (up to LAST) must be in A with
                                                |loss_a - loss_b| <= RTOL * |loss_b| (RTOL 0: the same value),
                                                and neither file may list a (step, split) twice
"""
import csv
import sys


def train_losses(path):
    losses, seen = {}, set()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (int(row["step"]), row["split"])
            if key in seen:
                sys.exit(f"{path}: {row['split']} step {key[0]} appears twice")
            seen.add(key)
            if row["split"] == "train":
                losses[key[0]] = float(row["loss"])
    if not losses:
        sys.exit(f"{path}: no training rows")
    return losses


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    a, b, rtol = train_losses(sys.argv[1]), train_losses(sys.argv[2]), float(sys.argv[3])
    if len(sys.argv) == 5:
        b = {step: loss for step, loss in b.items() if step <= int(sys.argv[4])}
    worst = 0.0
    for step, loss in sorted(b.items()):
        if step not in a:
            sys.exit(f"step {step} of {sys.argv[2]} is missing from {sys.argv[1]}")
        rel = abs(a[step] - loss) / max(abs(loss), 1e-30)
        worst = max(worst, rel)
        if rel > rtol:
            sys.exit(f"step {step}: loss {a[step]!r} vs {loss!r} (relative difference {rel:.3g} > {rtol})")
    print(f"  {len(b)} train steps ({min(b)}..{max(b)}): max relative loss difference {worst:.2g} (limit {rtol})")


main()
