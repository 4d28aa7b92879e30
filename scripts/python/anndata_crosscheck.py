"""Cross-check of AdaPert's .h5ad reader and writer against anndata (used by scripts/checks/anndata-crosscheck).

  write DIR      write .h5ad files with anndata in several encodings, each with DIR/NAME.expected.json
  compare DIR    compare DIR/NAME.actual.json (adapert inspect --json) with the expectations
  compare-cells DIR
                 compare the matrix AdaPert read, cell by cell: DIR/NAME.cells.h5ad holds every cell AdaPert
                 kept from DIR/NAME.h5ad after its preprocessing (`adapert predict --split all --write-real`
                 of a run on that file), grouped by canonical label, file order within a label. Raw counts
                 must come back as log1p(counts x s) with one scale s per cell (the normalisation), log1p
                 input unchanged; genes, labels and cell counts must match
  read-ours DIR  read the files AdaPert's writer produced (Swift test AnnDataCrossCheckFiles) with anndata
"""
import json
import sys
from pathlib import Path

import anndata as ad
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

CONTROL = {"ctrl", "control", "non-targeting", "nontargeting", "non_targeting", "non targeting", "nt",
           "safe-targeting", "safe_targeting"}
EXCLUDED = {"unassigned", "multiple", "multiplet"}


def canonical(raw):
    parts = sorted({p.strip() for p in raw.split("+") if p.strip() and p.strip().lower() not in CONTROL})
    return "+".join(parts) if parts else "non-targeting"


def expectations(adata, key, matrix, layer=None):
    m = adata.layers[layer] if layer else adata.X
    dense = m.toarray() if sp.issparse(m) else np.asarray(m)
    labels = adata.obs[key].astype(str)
    excluded = labels.str.lower().isin(EXCLUDED)
    canon = labels[~excluded].map(canonical)
    counts = canon.value_counts().to_dict()
    n_control = counts.pop("non-targeting", 0)
    return {
        "n_cells": adata.n_obs, "n_genes": adata.n_vars, "x_encoding": matrix, "perturbation_key": key,
        "n_nonzero": int(np.count_nonzero(dense)), "sum": float(dense.astype(np.float64).sum()),
        "max_value": float(dense.max()),
        "is_counts": bool(np.all(dense >= 0) and np.all(dense == np.round(dense))),
        "n_control_cells": int(n_control), "n_excluded_cells": int(excluded.sum()),
        "n_perturbations": len(counts), "perturbations": {k: int(v) for k, v in counts.items()},
    }


def base(n_cells=300, n_genes=40, n_labels=12, seed=0):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(0.4, size=(n_cells, n_genes)).astype(np.float32)
    genes = [f"GENE{i}" for i in range(n_labels)]
    pool = ["ctrl", "NT", "unassigned"] + [f"{g}+ctrl" for g in genes[:4]] + [f"ctrl+{g}" for g in genes[4:8]] \
        + [f"{genes[8]}+{genes[9]}", f"{genes[9]}+{genes[8]}", genes[10], genes[11]]
    obs = pd.DataFrame({
        "condition": pd.Categorical(rng.choice(pool, size=n_cells)),
        "barcode": [f"AAAC{i:06d}" for i in range(n_cells)],
        "n_genes": (counts > 0).sum(axis=1).astype(np.int64),
        "is_doublet": rng.random(n_cells) < 0.1,
        "score": rng.random(n_cells),
    }, index=[f"cell{i}" for i in range(n_cells)])
    var = pd.DataFrame({"gene_name": [f"g{i}" for i in range(n_genes)]}, index=[f"G{i}" for i in range(n_genes)])
    return counts, obs, var


def write(out):
    out = Path(out)
    counts, obs, var = base()
    cases = {}

    def save(name, adata, key, matrix, layer=None, **kw):
        adata.write_h5ad(out / f"{name}.h5ad", **kw)
        cases[name] = {"layer": layer, "expected": expectations(adata, key, matrix, layer)}

    save("dense", ad.AnnData(X=counts, obs=obs, var=var), "condition", "array")
    csr = sp.csr_matrix(counts)
    csr.indptr = csr.indptr.astype(np.int64)
    csr.indices = csr.indices.astype(np.int64)
    save("csr_int64", ad.AnnData(X=csr, obs=obs, var=var), "condition", "csr_matrix")
    save("csc", ad.AnnData(X=sp.csc_matrix(counts), obs=obs, var=var), "condition", "csc_matrix")
    save("csr_gzip", ad.AnnData(X=sp.csr_matrix(np.log1p(counts)), obs=obs, var=var), "condition", "csr_matrix",
         compression="gzip")
    layered = ad.AnnData(X=sp.csr_matrix(np.log1p(counts)), obs=obs, var=var, layers={"counts": counts})
    save("dense_layer", layered, "condition", "array", layer="counts", compression="gzip")
    many = obs.copy()
    many["target_gene"] = pd.Categorical([f"T{i % 200}" if i % 7 else "non-targeting" for i in range(len(obs))])
    save("int16_codes", ad.AnnData(X=sp.csr_matrix(counts), obs=many, var=var), "target_gene", "csr_matrix")

    # Fixed-length byte strings (numpy 'S'), as older tools wrote them: the var index and the condition categories.
    save("fixed_strings", ad.AnnData(X=sp.csr_matrix(counts), obs=obs, var=var), "condition", "csr_matrix")
    with h5py.File(out / "fixed_strings.h5ad", "r+") as f:
        for path in ["var/_index", "obs/condition/categories"]:
            values = f[path][...].astype("S")
            attrs = dict(f[path].attrs)
            del f[path]
            f.create_dataset(path, data=values)
            for k, v in attrs.items():
                f[path].attrs[k] = v

    # lzf: a filter libhdf5 lacks; adapert must refuse it by name.
    ad.AnnData(X=sp.csr_matrix(counts), obs=obs, var=var).write_h5ad(out / "lzf.h5ad", compression="lzf")
    (out / "cases.json").write_text(json.dumps(cases, indent=1))


def compare(out):
    out = Path(out)
    cases = json.loads((out / "cases.json").read_text())
    failures = []
    for name, case in cases.items():
        actual = json.loads((out / f"{name}.actual.json").read_text())
        for key, want in case["expected"].items():
            got = actual.get(key)
            same = np.isclose(got, want, rtol=1e-6) if isinstance(want, float) else got == want
            if not same:
                failures.append(f"{name}: {key} = {got!r}, anndata gives {want!r}")
    for line in failures:
        print("  " + line)
    print(f"  reader: {len(cases) - len({f.split(':')[0] for f in failures})}/{len(cases)} anndata-written files agree")
    return not failures


def compare_cells(out):
    """The matrix each case's file holds (anndata's reading) against the cells AdaPert read and wrote back."""
    out = Path(out)
    cases = json.loads((out / "cases.json").read_text())
    refused = set((out / "refused.txt").read_text().split()) if (out / "refused.txt").exists() else set()
    failures = []
    for name, case in cases.items():
        if name in refused:  # the check script verified the refusal and its message
            continue
        adata = ad.read_h5ad(out / f"{name}.h5ad")
        layer, key = case["layer"], case["expected"]["perturbation_key"]
        m = adata.layers[layer] if layer else adata.X
        original = (m.toarray() if sp.issparse(m) else np.asarray(m)).astype(np.float64)
        ours = ad.read_h5ad(out / f"{name}.cells.h5ad")
        got = (ours.X.toarray() if sp.issparse(ours.X) else np.asarray(ours.X)).astype(np.float64)
        problems = []
        if list(ours.var_names) != list(adata.var_names):
            problems.append(f"genes {list(ours.var_names)[:5]}... vs anndata's {list(adata.var_names)[:5]}...")
        labels = adata.obs[key].astype(str)
        kept = ~labels.str.lower().isin(EXCLUDED).to_numpy()
        canon = labels.map(canonical).to_numpy()
        our_labels = ours.obs["target_gene"].astype(str).to_numpy()
        if not problems and got.shape[0] != int(kept.sum()):
            problems.append(f"{got.shape[0]} cells written back, anndata has {int(kept.sum())} not excluded")
        is_counts = case["expected"]["is_counts"]
        worst, totals = 0.0, []
        for label in ([] if problems else sorted(set(canon[kept]) | set(our_labels))):
            a = original[kept & (canon == label)]
            b = got[our_labels == label]
            if a.shape != b.shape:
                problems.append(f"label {label}: {b.shape[0]} cells written back, anndata has {a.shape[0]}")
                continue
            if is_counts:
                # log1p(counts x s_cell): back-transform, then each cell's profile must be its counts' profile.
                back = np.expm1(b)
                a_total, b_total = a.sum(axis=1, keepdims=True), back.sum(axis=1, keepdims=True)
                if np.any((a_total == 0) != (b_total == 0)):
                    problems.append(f"label {label}: empty cells differ")
                    continue
                totals.append(b_total[a_total > 0])
                a, b = a / np.maximum(a_total, 1e-300), back / np.maximum(b_total, 1e-300)
                tol = 1e-5 * np.abs(a) + 1e-6
            else:
                tol = 1e-6 * np.abs(a) + 1e-7
            diff = np.abs(a - b)
            worst = max(worst, float(diff.max(initial=0.0)))
            bad = np.argwhere(diff > tol)
            if len(bad):
                r, g = bad[0]
                problems.append(f"label {label}: {len(bad)} values differ, first cell {r} of the label, gene "
                                f"{adata.var_names[g]}: AdaPert {b[r, g]:.6g} vs anndata {a[r, g]:.6g}"
                                + (" (per-cell profiles)" if is_counts else ""))
        if totals:  # one normalisation target for every cell (the median total count)
            totals = np.concatenate(totals)
            if totals.size and totals.max() - totals.min() > 1e-4 * totals.max():
                problems.append(f"cells are normalised to different totals ({totals.min():.6g} to {totals.max():.6g})")
        if problems:
            failures += [f"{name}: {p}" for p in problems[:5]]
        else:
            print(f"  cells: {name}: {got.shape[0]} cells x {got.shape[1]} genes agree with anndata's matrix "
                  f"({'per-cell profiles of the counts' if is_counts else 'values'}, max |diff| {worst:.1g})")
    for line in failures:
        print("  " + line)
    return not failures


def read_ours(out):
    out = Path(out)
    failures = []
    small = ad.read_h5ad(out / "adapert_small.h5ad")
    rows = np.array([[1, 0, 2, 0], [0, 0, 0, 0], [3, 1, 0, 0], [0, 5, 0, 1], [2, 2, 2, 2], [0, 0, 7, 0]], np.float32)
    checks = [
        ("small X", np.array_equal(small.X.toarray(), rows) and small.X.dtype == np.float32),
        ("small indptr int64", small.X.indptr.dtype == np.int64),
        ("small obs names", list(small.obs_names) == [f"cell{i}" for i in range(6)]),
        ("small var names", list(small.var_names) == ["G0", "G1", "G2", "G3"]),
        ("small perturbation", list(small.obs["perturbation"]) ==
         ["STAT1", "non-targeting", "ctrl+JAK2", "STAT1", "non-targeting", "unassigned"]),
        ("small perturbation categorical", isinstance(small.obs["perturbation"].dtype, pd.CategoricalDtype)),
        ("small is_control", small.obs["is_control"].dtype == bool and small.obs["is_control"].sum() == 2),
        ("small score", np.allclose(small.obs["score"], np.arange(6) / 2)),
        ("small umi", list(small.obs["umi"]) == [0, 10, 20, 30, 40, 50]),
        ("small gene_name", list(small.var["gene_name"]) == ["g0", "g1", "g2", "g3"]),
        ("small uns", small.uns.get("source") == "unit test"),
    ]
    chunks = ad.read_h5ad(out / "adapert_chunks.h5ad")
    expected = np.array([[(((c % 40) + g) % 5 + 1) if (c + g) % 7 == 0 else 0 for g in range(50)]
                         for c in range(200)], np.float32)
    labels = ["non-targeting" if c % 10 == 0 else f"T{c % 150}" for c in range(200)]
    checks += [
        ("chunks X", np.array_equal(chunks.X.toarray(), expected)),
        ("chunks target_gene", list(chunks.obs["target_gene"]) == labels),
        ("chunks int16 codes", chunks.obs["target_gene"].cat.codes.dtype == np.int16),
        ("chunks n_counts", np.allclose(chunks.obs["n_counts"], expected.sum(axis=1))),
        ("chunks highly_variable", list(chunks.var["highly_variable"]) == [g % 3 == 0 for g in range(50)]),
    ]
    failures = [name for name, ok in checks if not ok]
    for name in failures:
        print(f"  anndata disagrees with AdaPert's writer: {name}")
    print(f"  writer: anndata {ad.__version__} read AdaPert's files, {len(checks) - len(failures)}/{len(checks)} checks agree")
    return not failures


if __name__ == "__main__":
    command, directory = sys.argv[1], sys.argv[2]
    if command == "write":
        write(directory)
    elif command == "compare":
        sys.exit(0 if compare(directory) else 1)
    elif command == "compare-cells":
        sys.exit(0 if compare_cells(directory) else 1)
    elif command == "read-ours":
        sys.exit(0 if read_ours(directory) else 1)
    else:
        sys.exit(f"unknown command {command}")
