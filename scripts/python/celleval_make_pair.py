"""Writes a small real/pred .h5ad set for the cell-eval cross-check (scripts/checks/celleval-crosscheck).

real.h5ad: raw integer counts (cell-eval and adapert both normalise them: median total, log1p), 400 control
cells and 80 cells for each of 11 perturbations: strong knockdowns with 30 responders, a target-only knockdown
(about one DEG: Spearman NaN), a null perturbation (no DEG), a double and an unmeasured target.
Predictions (log1p, real control cells copied): `resample` (fresh cells from the true model), `collapsed`
(control cells + the mean real delta: many false DEGs) and `zeros` (control cells, only the target moved:
exact zeros elsewhere).
"""
import sys
from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd
import scipy.sparse as sp

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(7)
n_genes, n_ctrl, n_cells = 300, 400, 80
genes = [f"G{i:03d}" for i in range(n_genes)]
rate = rng.lognormal(mean=-6.0, sigma=1.3, size=n_genes)
rate /= rate.sum()

effects = {}
for i in range(8):
    e = np.ones(n_genes)
    e[i] = 0.1
    responders = rng.choice(np.arange(20, n_genes), size=30, replace=False)
    e[responders] = rng.choice([0.4, 2.5], size=30)
    effects[genes[i]] = e
e = np.ones(n_genes); e[8] = 0.15; effects[genes[8]] = e
effects[genes[9]] = np.ones(n_genes)
e = np.ones(n_genes); e[10] = e[11] = 0.2; e[rng.choice(np.arange(20, n_genes), 25, replace=False)] = 3.0
effects["G010+G011"] = e
e = np.ones(n_genes); e[rng.choice(np.arange(20, n_genes), 20, replace=False)] = 0.3
effects["NOTMEASURED"] = e


def counts(effect, n, generator):
    lib = generator.lognormal(np.log(3000), 0.3, size=(n, 1))
    return generator.poisson(lib * rate * effect).astype(np.float32)


def log1p_normalise(x):
    totals = x.sum(axis=1, keepdims=True)
    target = np.median(totals[totals > 0])
    return np.log1p(x / np.maximum(totals, 1e-12) * target).astype(np.float32)


def write(path, x, labels):
    obs = pd.DataFrame({"target_gene": pd.Categorical(labels)}, index=[f"c{i}" for i in range(len(labels))])
    ad.AnnData(X=sp.csr_matrix(x), obs=obs, var=pd.DataFrame(index=genes)).write_h5ad(path)


labels = ["non-targeting"] * n_ctrl + [p for p in effects for _ in range(n_cells)]
real_counts = np.vstack([counts(np.ones(n_genes), n_ctrl, rng)] + [counts(e, n_cells, rng) for e in effects.values()])
write(out / "real.h5ad", real_counts, labels)
real = log1p_normalise(real_counts)
ctrl = real[:n_ctrl]
ctrl_mean = ctrl.mean(axis=0)
deltas = {p: real[n_ctrl + k * n_cells: n_ctrl + (k + 1) * n_cells].mean(axis=0) - ctrl_mean
          for k, p in enumerate(effects)}
mean_delta = np.mean(list(deltas.values()), axis=0)


def from_control(delta_of):
    blocks = [ctrl]
    for p in effects:
        picks = ctrl[rng.integers(0, n_ctrl, size=n_cells)]
        blocks.append(np.maximum(picks + delta_of(p), 0).astype(np.float32))
    return np.vstack(blocks)


fresh = log1p_normalise(np.vstack([counts(np.ones(n_genes), n_ctrl, rng)]
                                  + [counts(e, n_cells, rng) for e in effects.values()]))
fresh[:n_ctrl] = ctrl
write(out / "pred_resample.h5ad", fresh, labels)
write(out / "pred_collapsed.h5ad", from_control(lambda p: mean_delta), labels)


def target_only(p):
    d = np.zeros(n_genes, dtype=np.float32)
    for t in p.split("+"):
        if t in genes:
            d[genes.index(t)] = deltas[p][genes.index(t)]
    return d


write(out / "pred_zeros.h5ad", from_control(target_only), labels)
print(f"wrote {out}/real.h5ad and 3 predictions ({len(effects)} perturbations, {n_genes} genes)")
