"""Cross-check of AdaPert's .h5ad reader and writer against anndata (used by scripts/checks/anndata-crosscheck).

  write DIR      write .h5ad files with anndata in several encodings, each with DIR/NAME.expected.json
  compare DIR    compare DIR/NAME.actual.json (adapert inspect --json) with the expectations
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
    elif command == "read-ours":
        sys.exit(0 if read_ours(directory) else 1)
    else:
        sys.exit(f"unknown command {command}")
