"""Opens AdaPert checkpoints with h5py, the tool HDF5 users trust (used by scripts/checks/train-mpi).

  layout FILE          check the documented layout (Checkpoint.swift): root attributes, the datasets
                       config/genes/perturbations, and groups parameters/adam_m/adam_v/best holding the same
                       float32 datasets by dotted parameter name; prints a one-line summary
  compare A B [RTOL]   compare two checkpoints of the same step: the current parameters, the validation-selected
                       ones (best/) and the selection attributes (best_step, evaluations_since_best, finished,
                       optimiser_step exactly; responder_threshold exactly; best_score). RTOL 0 (default):
                       parameters/, best/, adam_m/, adam_v/ bit for bit and best_score exactly; else
                       ||a - b|| / ||b|| of parameters/ and of best/ below RTOL and best_score within RTOL
"""
import sys

import h5py
import numpy as np

ATTRIBUTES = ["format", "format_version", "step", "world_size", "seed", "data_fingerprint", "best_step",
              "best_score", "evaluations_since_best", "responder_threshold", "finished", "optimiser_step"]
GROUPS = ["parameters", "adam_m", "adam_v", "best"]


def layout(path):
    with h5py.File(path, "r") as f:
        missing = [a for a in ATTRIBUTES if a not in f.attrs]
        if missing:
            sys.exit(f"{path}: missing root attributes {missing}")
        if f.attrs["format"] not in ("adapert-checkpoint", b"adapert-checkpoint"):
            sys.exit(f"{path}: format attribute is {f.attrs['format']!r}")
        for name in ["config", "genes", "perturbations"] + GROUPS:
            if name not in f:
                sys.exit(f"{path}: missing '{name}'")
        names = sorted(f["parameters"].keys())
        shapes = {n: f["parameters"][n].shape for n in names}
        for group in GROUPS:
            if sorted(f[group].keys()) != names:
                sys.exit(f"{path}: group '{group}' does not hold the same datasets as 'parameters'")
            for n in names:
                d = f[group][n]
                if d.dtype != np.float32 or d.shape != shapes[n]:
                    sys.exit(f"{path}: {group}/{n} is {d.dtype} {d.shape}, expected float32 {shapes[n]}")
                if not np.all(np.isfinite(d[()])):
                    sys.exit(f"{path}: {group}/{n} holds non-finite values")
        total = sum(int(np.prod(s)) for s in shapes.values())
        genes = len(f["genes"])
        config = f["config"][()]
        config = config.decode() if isinstance(config, bytes) else str(config)
        if "training:" not in config:
            sys.exit(f"{path}: 'config' does not hold the run config")
        print(f"  h5py: step {int(f.attrs['step'])}, world_size {int(f.attrs['world_size'])}, {len(names)} parameter "
              f"tensors ({total} values) in parameters/adam_m/adam_v/best, {genes} genes, "
              f"{len(f['perturbations'])} perturbations, config {len(config)} chars")


# Root attributes the validation selection and the schedule leave behind: equal in any two checkpoints of the
# same run at the same step, whatever the number of ranks (integers, so compared exactly even with RTOL > 0).
EXACT_ATTRIBUTES = ["step", "best_step", "evaluations_since_best", "finished", "optimiser_step"]


def compare(a_path, b_path, rtol):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        if int(a.attrs["step"]) != int(b.attrs["step"]):
            sys.exit(f"steps differ: {a_path} at {int(a.attrs['step'])}, {b_path} at {int(b.attrs['step'])}")
        for attr in EXACT_ATTRIBUTES:
            x, y = int(a.attrs[attr]), int(b.attrs[attr])
            if x != y:
                sys.exit(f"attribute {attr} differs: {x} in {a_path}, {y} in {b_path}")
        for attr in ["best_score", "responder_threshold"]:
            x, y = float(a.attrs[attr]), float(b.attrs[attr])
            tol = rtol * max(abs(y), 1e-30) if attr == "best_score" else 0.0
            if not (abs(x - y) <= tol or (np.isnan(x) and np.isnan(y))):
                sys.exit(f"attribute {attr} differs: {x!r} in {a_path}, {y!r} in {b_path}")
        distances = {}
        for group in GROUPS:
            names = sorted(b[group].keys())
            if sorted(a[group].keys()) != names:
                sys.exit(f"{group}: parameter names differ")
            x = np.concatenate([a[group][n][()].ravel() for n in names]).astype(np.float64)
            y = np.concatenate([b[group][n][()].ravel() for n in names]).astype(np.float64)
            if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
                sys.exit(f"{group}: non-finite values ({int(np.sum(~np.isfinite(x)))} in {a_path}, "
                         f"{int(np.sum(~np.isfinite(y)))} in {b_path})")
            if rtol == 0:
                if not np.array_equal(a_bits(a, group, names), a_bits(b, group, names)):
                    sys.exit(f"{group}: not bit-identical ({int(np.sum(x != y))} of {x.size} values differ, "
                             f"max |diff| {np.max(np.abs(x - y)):.3g})")
            elif group in ("parameters", "best"):
                dist = np.linalg.norm(x - y) / max(np.linalg.norm(y), 1e-30)
                if not dist < rtol:
                    sys.exit(f"{group}: relative distance {dist:.3g} >= {rtol}")
                distances[group] = dist
        what = "parameters, best/, Adam moments and selection attributes"
        print(f"  checkpoints at step {int(a.attrs['step'])} (best step {int(a.attrs['best_step'])}): " +
              (f"{what} bit-identical" if rtol == 0 else
               "relative distance " + ", ".join(f"{g} {d:.2g}" for g, d in distances.items()) + f" < {rtol}"))


def a_bits(f, group, names):
    return np.concatenate([f[group][n][()].ravel().view(np.uint32) for n in names])


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "layout":
        layout(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.0)
    else:
        sys.exit(__doc__)
