"""Writes a simulated real/predicted pair of .h5ad files for timing `adapert evaluate` against `cell-eval run`.

    python bench/peers/make_pair.py OUTDIR [PxGxNxC]     (default 500x2000x100x5000)

P perturbations x G genes x N cells each, plus C control cells (labelled non-targeting, first in both files),
in the layout `adapert evaluate --synthetic` generates in memory: sparse log1p-like cells (about 60% zeros,
else log1p of a count 1..4), perturbation i raising 20 genes of its own (i..i+19) by 0.8 where expressed;
the prediction is the real control cells resampled plus each perturbation's true mean delta, floored at 0, so
both tools call DEGs on both sides. Writes OUTDIR/real.h5ad and OUTDIR/pred.h5ad (obs target_gene, X CSR
float32). Needs numpy, scipy, pandas, anndata.
"""
import sys
from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd
import scipy.sparse as sp

out = Path(sys.argv[1])
shape = sys.argv[2] if len(sys.argv) > 2 else "500x2000x100x5000"
n_pert, n_genes, n_cells, n_ctrl = (int(x) for x in shape.split("x"))
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(0)
genes = [f"GENE{i}" for i in range(n_genes)]
labels = [f"GENE{i % n_genes}" + ("" if i < n_genes else f"+GENE{(i // n_genes + i) % n_genes}")
          for i in range(n_pert)]


def cells(rows, responders=None):
    counts = np.where(rng.random((rows, n_genes)) < 0.6, 0, rng.integers(1, 5, size=(rows, n_genes)))
    x = np.log1p(counts).astype(np.float32)
    if responders is not None:
        x[:, responders] += np.where(counts[:, responders] > 0, 0.8, 0).astype(np.float32)
    return x


control = cells(n_ctrl)
control_mean = control.mean(axis=0)
real_blocks, pred_blocks = [sp.csr_matrix(control)], [sp.csr_matrix(control)]
for i in range(n_pert):
    responders = (np.arange(20) + i) % n_genes
    real = cells(n_cells, responders)
    delta = real.mean(axis=0) - control_mean
    pred = np.maximum(control[rng.integers(0, n_ctrl, size=n_cells)] + delta, 0).astype(np.float32)
    real_blocks.append(sp.csr_matrix(real))
    pred_blocks.append(sp.csr_matrix(pred))
obs_labels = ["non-targeting"] * n_ctrl + [l for l in labels for _ in range(n_cells)]
obs = pd.DataFrame({"target_gene": pd.Categorical(obs_labels)}, index=[f"c{i}" for i in range(len(obs_labels))])
for name, blocks in (("real", real_blocks), ("pred", pred_blocks)):
    ad.AnnData(X=sp.vstack(blocks).tocsr(), obs=obs, var=pd.DataFrame(index=genes)).write_h5ad(out / f"{name}.h5ad")
print(f"make_pair: {n_pert} perturbations x {n_genes} genes x {n_cells} cells + {n_ctrl} controls -> {out}")
