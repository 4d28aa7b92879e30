"""GEARS (cell-gears 0.1.2) trained offline on exactly an AdaPert run's split, timed, its test predictions
written in cell-eval's layout. Run by bench/peers/gears inside its venv; see that script for usage.

What it does, in order (each phase timed from process start):
 1. Blocks every download: GEARS fetches its GO files and datasets from a data repository when they are
    missing; here that raises an error naming the file instead. Restores pandas.Series.nonzero (removed in
    pandas 2), which GEARS needs for `adata.X[adata.obs.condition == 'ctrl']` on a sparse matrix.
 2. Reads the screen (.h5ad, raw counts or log1p), labels cells canonically as AdaPert does (target symbols
    joined by '+' in sorted order, controls 'non-targeting'), drops excluded labels, keeps the genes of the
    AdaPert real-cells file (--real, written by `adapert predict --write-real`) in its order, normalises raw
    counts per cell to the median total count and log1p-transforms them, and checks that the control and
    test cells equal the real-cells file (so GEARS learns in the space the scores are computed in).
 3. Writes GEARS's three data files from a Reactome GMT, in GEARS's layouts: gene2go_all.pkl (gene symbol ->
    set of pathway ids: Reactome pathways stand in for GO terms), essential_all_data_pert_genes.pkl (the
    list of genes that may be perturbed: every GMT gene plus every target of the screen; targets without a
    pathway get an empty set and become isolated nodes, as AdaPert treats them) and
    go_essential_all/go_essential_all.csv (source,target,importance: Jaccard index of the two genes'
    pathway sets, above 0.1, self-loops included, as GEARS builds its GO graph; the --keep-per-target
    strongest sources of each target are written, GEARS keeps the 21 strongest of them).
 4. Trains GEARS with its defaults (hidden 64, batch 32, test batch 128, lr 1e-3, 20 epochs, its own
    best-epoch selection on validation top-20-DE MSE) on split='custom' with the run's train/val/test targets.
 5. Keeps GEARS's own test evaluation (its pearson_delta per perturbation) and writes its per-cell test
    predictions: the real control cells first as 'non-targeting', then each test perturbation's predicted
    cells (one per real test cell, GEARS's pairing with a random control cell), same genes, same order,
    floored at 0 (log1p expression is never negative, both evaluators refuse negative values, and AdaPert's
    predicted cells are floored the same way).
 6. Writes a JSON file of the timings, seconds per epoch, peak RSS and GEARS's metrics.
"""
import argparse
import json
import os
import pickle
import resource
import shutil
import sys
import time

MONO0 = time.monotonic()


def process_age():
    """Seconds since this process started (Linux /proc), so timings include interpreter start-up."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


AGE0 = process_age()
LOAD0 = os.getloadavg()  # the machine may be shared: the load is recorded with the timings


def now():
    """Seconds since process start."""
    return AGE0 + time.monotonic() - MONO0


def fail(message):
    print(f"gears_peer: {message}", file=sys.stderr)
    sys.exit(1)


def say(message):
    print(f"gears_peer [{now():7.1f} s] {message}", file=sys.stderr, flush=True)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--run", required=True, help="AdaPert run directory (its split.json is used)")
parser.add_argument("--data", required=True, help="the screen (.h5ad) the run was trained on")
parser.add_argument("--real", required=True, help="real cells written by `adapert predict --write-real` for this run")
parser.add_argument("--gmt", required=True, help="Reactome GMT file (the run's knowledge graph)")
parser.add_argument("--output", required=True, help="output folder: gears.h5ad, gears.json, gears_data/")
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--perturbation-key", default=None, help="obs column of labels (default: as AdaPert auto-detects)")
parser.add_argument("--exclude", default="unassigned,multiple,multiplet", help="labels whose cells are dropped")
parser.add_argument("--threads", type=int, default=0,
                    help="torch CPU threads (default: torch's own choice, one per core)")
parser.add_argument("--keep-per-target", type=int, default=100,
                    help="strongest graph sources written per target in go_essential_all.csv (GEARS keeps 21)")
args = parser.parse_args()

# 1. No downloads; pandas 2 compatibility. -----------------------------------------------------------------
import numpy as np
import pandas as pd
import requests

if not hasattr(pd.Series, "nonzero"):
    pd.Series.nonzero = lambda self: self.to_numpy().nonzero()


def refuse_network(self, method, url, *a, **k):
    raise RuntimeError(f"GEARS tried to download {url}: this benchmark runs offline and provides GEARS's "
                       "data files itself; a missing one is a bug in bench/peers/gears_peer.py")


requests.sessions.Session.request = refuse_network

import anndata as ad
import scipy.sparse as sp
import torch
import gears.gears as gears_main
import gears.pertdata as gears_pertdata
import gears.utils as gears_utils
from gears import GEARS, PertData


def offline_download(url, save_path):
    if not os.path.exists(save_path):
        raise RuntimeError(f"GEARS wanted to download {url} to {save_path}, which this benchmark should have "
                           "written; refusing to go online")


gears_utils.dataverse_download = offline_download
gears_pertdata.dataverse_download = offline_download
if args.threads > 0:
    torch.set_num_threads(args.threads)
T_IMPORTS = now()
say("imports done")

# 2. Screen, labels, genes, normalisation. -------------------------------------------------------------------
CONTROL = "non-targeting"
CONTROL_ALIASES = {"ctrl", "control", "non-targeting", "nontargeting", "non_targeting", "non targeting", "nt",
                   "safe-targeting", "safe_targeting"}
CANDIDATE_KEYS = ["target_gene", "perturbation", "gene", "guide_target", "condition"]


def canonical(raw):
    parts = [p.strip() for p in str(raw).strip().split("+")]
    parts = sorted({p for p in parts if p and p.lower() not in CONTROL_ALIASES})
    return "+".join(parts) if parts else CONTROL


with open(os.path.join(args.run, "split.json")) as f:
    split = json.load(f)
for name in ("train", "val", "test"):
    if not split.get(name):
        fail(f"{args.run}/split.json: '{name}' is missing or empty")
split_of = {}
for name in ("train", "val", "test"):
    for label in split[name]:
        if label in split_of:
            fail(f"split.json: {label} is in both {split_of[label]} and {name}")
        split_of[label] = name

screen = ad.read_h5ad(args.data)
key = args.perturbation_key or next((k for k in CANDIDATE_KEYS if k in screen.obs.columns), None)
if key is None or key not in screen.obs.columns:
    fail(f"{args.data}: no perturbation column (looked for {args.perturbation_key or CANDIDATE_KEYS})")
raw_labels = screen.obs[key].astype(str).to_numpy()
excluded = {e.strip() for e in args.exclude.split(",") if e.strip()}
labels = np.array([canonical(x) for x in raw_labels], dtype=object)
keep = np.array([raw not in excluded for raw in raw_labels])
n_excluded = int((~keep).sum())

real = ad.read_h5ad(args.real)
genes = list(map(str, real.var_names))
missing = [g for g in genes if g not in set(map(str, screen.var_names))]
if missing:
    fail(f"{args.real} has genes the screen lacks: {missing[:5]}")
real_labels = real.obs["target_gene"].astype(str).to_numpy()
test_labels = list(dict.fromkeys(l for l in real_labels if l != CONTROL))
if set(test_labels) != set(split["test"]):
    fail(f"{args.real} holds {sorted(test_labels)}, split.json's test set is {sorted(split['test'])}")

X = screen.X
X = sp.csr_matrix(X) if not sp.issparse(X) else X.tocsr()
X = X.astype(np.float64)
kept_rows = np.where(keep)[0]
Xk = X[kept_rows]
labels_k = labels[kept_rows]
is_integer = np.all(np.equal(np.mod(Xk.data, 1), 0)) if Xk.nnz else True
if is_integer:
    totals = np.asarray(Xk.sum(axis=1)).ravel()
    target_total = float(np.median(totals))
    scale = np.divide(target_total, totals, out=np.zeros_like(totals), where=totals > 0)
    Xk = sp.diags(scale) @ Xk
    Xk.data = np.log1p(Xk.data)
    preprocessing = f"raw counts normalised per cell to the median total ({target_total:g}) and log1p"
else:
    preprocessing = "log1p data used as is"
gene_index = {g: i for i, g in enumerate(map(str, screen.var_names))}
Xk = Xk[:, [gene_index[g] for g in genes]].astype(np.float32).tocsr()

in_use = np.array([l == CONTROL or l in split_of for l in labels_k])
unused = sorted(set(labels_k[~in_use]))
Xk, labels_k = Xk[np.where(in_use)[0]], labels_k[in_use]

# The cells GEARS sees must be the cells `adapert evaluate` scores against.
for label in [CONTROL] + test_labels:
    mine = Xk[np.where(labels_k == label)[0]].toarray()
    theirs = real.X[np.where(real_labels == label)[0]]
    theirs = theirs.toarray() if sp.issparse(theirs) else np.asarray(theirs)
    if mine.shape != theirs.shape or np.abs(mine - theirs).max(initial=0) > 1e-4:
        fail(f"the {label} cells differ from {args.real} (shapes {mine.shape} vs {theirs.shape}): "
             "preprocessing does not match AdaPert's")
say(f"screen: {Xk.shape[0]} cells x {len(genes)} genes ({preprocessing}; {n_excluded} excluded cells)")

targets = sorted({t for l in split_of for t in l.split("+")})


def condition_of(label):
    if label == CONTROL:
        return "ctrl"
    parts = label.split("+")
    return parts[0] + "+ctrl" if len(parts) == 1 else "+".join(parts)


cell_type = (screen.obs["cell_type"].astype(str).to_numpy()[kept_rows][in_use]
             if "cell_type" in screen.obs.columns else np.array(["cell"] * Xk.shape[0]))
if len(set(cell_type)) != 1:
    fail(f"{args.data}: {len(set(cell_type))} cell types; this benchmark runs GEARS on one")
gears_adata = ad.AnnData(
    X=Xk,
    obs=pd.DataFrame({"condition": [condition_of(l) for l in labels_k], "cell_type": cell_type},
                     index=[f"cell{i}" for i in range(Xk.shape[0])]),
    var=pd.DataFrame({"gene_name": genes}, index=genes))
T_SCREEN = now()

# 3. GEARS's data files from the GMT. --------------------------------------------------------------------------
data_path = os.path.join(args.output, "gears_data")
shutil.rmtree(data_path, ignore_errors=True)
os.makedirs(os.path.join(data_path, "go_essential_all"))
gene_ids, pathway_rows, pathway_cols, pathway_ids = {}, [], [], []
with open(args.gmt) as f:
    for line in f:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 3:
            continue
        pathway_ids.append(fields[1] or fields[0])
        for g in dict.fromkeys(x for x in fields[2:] if x):  # file order: set order varies per process
            pathway_rows.append(gene_ids.setdefault(g, len(gene_ids)))
            pathway_cols.append(len(pathway_ids) - 1)
if not gene_ids:
    fail(f"{args.gmt}: no gene sets read")
gmt_genes = list(gene_ids)
membership = sp.csr_matrix((np.ones(len(pathway_rows), np.float32), (pathway_rows, pathway_cols)),
                           shape=(len(gmt_genes), len(pathway_ids)))
gene2go = {g: set() for g in targets}
for g, i in gene_ids.items():
    gene2go[g] = {pathway_ids[j] for j in membership.indices[membership.indptr[i]:membership.indptr[i + 1]]}
isolated_targets = sorted(t for t in targets if not gene2go[t])
with open(os.path.join(data_path, "gene2go_all.pkl"), "wb") as f:
    pickle.dump(gene2go, f)
with open(os.path.join(data_path, "essential_all_data_pert_genes.pkl"), "wb") as f:
    pickle.dump(sorted(gene2go), f)

# Jaccard of every gene pair sharing a pathway, 1024 target genes at a time (the whole product has tens
# of millions of entries); per target, the strongest sources first, ties in GMT order.
sizes = np.asarray(membership.sum(axis=1)).ravel()
membership_t = membership.T.tocsr()
src_parts, dst_parts, w_parts, n_strong = [], [], [], 0
for first in range(0, len(gmt_genes), 1024):
    block = (membership[first:first + 1024] @ membership_t).tocoo()
    dst_b, src_b = block.row + first, block.col
    w_b = block.data / (sizes[dst_b] + sizes[src_b] - block.data)
    strong = w_b > 0.1
    dst_b, src_b, w_b = dst_b[strong], src_b[strong], w_b[strong]
    n_strong += int(strong.sum())
    order = np.lexsort((src_b, -w_b, dst_b))
    dst_b, src_b, w_b = dst_b[order], src_b[order], w_b[order]
    rank = np.arange(len(dst_b)) - np.searchsorted(dst_b, dst_b, side="left")
    keep_b = rank < args.keep_per_target
    src_parts.append(src_b[keep_b]); dst_parts.append(dst_b[keep_b]); w_parts.append(w_b[keep_b])
src, dst, w = np.concatenate(src_parts), np.concatenate(dst_parts), np.concatenate(w_parts)
names = np.array(gmt_genes, dtype=object)
# GEARS reads the CSV with pandas' default missing-value strings: a gene named "NA" (influenza
# neuraminidase in Reactome) would come back as NaN and crash it, so such genes keep no edges.
from pandas._libs.parsers import STR_NA_VALUES
unreadable = sorted(g for g in gmt_genes if g in STR_NA_VALUES)
readable = ~np.isin(names, unreadable)
top = readable[src] & readable[dst]
edges = pd.DataFrame({"source": names[src[top]], "target": names[dst[top]], "importance": w[top]})
edges.to_csv(os.path.join(data_path, "go_essential_all", "go_essential_all.csv"), index=False)
T_GRAPH_FILES = now()
say(f"GEARS data files: {len(gene2go)} genes that may be perturbed, {len(edges)} graph rows "
    f"({n_strong} pairs above 0.1); targets without a pathway: {isolated_targets or 'none'}; "
    f"genes without edges because pandas reads their name as missing: {unreadable or 'none'}")

# 4. GEARS's own processing and training. ---------------------------------------------------------------------
np.random.seed(args.seed)
torch.manual_seed(args.seed)
pert_data = PertData(data_path)
pert_data.new_data_process(dataset_name="adapert_split", adata=gears_adata)
lost = [t for t in targets if t not in set(pert_data.pert_names)]
if lost:
    fail(f"targets missing from GEARS's perturbation graph: {lost}")
set2conditions = {name: [condition_of(l) for l in split[name]] for name in ("train", "val", "test")}
set2conditions["train"].append("ctrl")
split_path = os.path.join(data_path, "split_custom.pkl")
with open(split_path, "wb") as f:
    pickle.dump(set2conditions, f)
pert_data.prepare_split(split="custom", seed=args.seed, split_dict_path=split_path)
pert_data.get_dataloader(batch_size=32, test_batch_size=128)
model = GEARS(pert_data, device="cpu")
model.model_initialize(hidden_size=64)
T_SETUP = now()
say(f"GEARS processing done: {len(pert_data.pert_names)} perturbation-graph nodes, "
    f"{len(pert_data.dataloader['train_loader'].dataset)} training cells (controls included)")

epochs, captured = [], {}
loaders = pert_data.dataloader
original_evaluate, original_deeper = gears_main.evaluate, gears_main.deeper_analysis


def timed_evaluate(loader, net, uncertainty, device):
    """GEARS's evaluate, timed; the per-epoch validation call closes an epoch, the test call is kept."""
    started = now()
    result = original_evaluate(loader, net, uncertainty, device)
    if loader is loaders["train_loader"]:
        captured["train_eval_start"] = started
    elif loader is loaders["val_loader"]:
        metrics, _ = gears_main.compute_metrics(result)
        previous_end = epochs[-1]["end"] if epochs else captured["train_start"]
        epochs.append({"epoch": len(epochs) + 1, "end": now(), "seconds": now() - previous_end,
                       "optimise_seconds": captured["train_eval_start"] - previous_end,
                       "evaluate_seconds": now() - captured["train_eval_start"],
                       "val_mse_de": float(metrics["mse_de"]), "val_mse": float(metrics["mse"])})
        say(f"epoch {len(epochs)}: {epochs[-1]['seconds']:.1f} s, val top-20 DE MSE {metrics['mse_de']:.4f}")
    elif loader is loaders["test_loader"]:
        captured["test_start"], captured["test_res"] = started, result
    return result


def kept_deeper_analysis(adata, test_res, *a, **k):
    out = original_deeper(adata, test_res, *a, **k)
    captured["deeper"] = out
    return out


gears_main.evaluate = timed_evaluate
gears_main.deeper_analysis = kept_deeper_analysis
captured["train_start"] = now()
model.train(epochs=args.epochs, lr=1e-3)
T_TRAINED = now()
if "test_res" not in captured or "deeper" not in captured:
    fail("GEARS's training returned without its test evaluation")

# 5. GEARS's metrics and per-cell predictions in cell-eval's layout. ------------------------------------------
test_res, deeper = captured["test_res"], captured["deeper"]
test_metrics, per_pert = gears_main.compute_metrics(test_res)
label_of_condition = {condition_of(l): l for l in split["test"]}
pearson_delta = {label_of_condition[c]: float(v["pearson_delta"]) for c, v in deeper.items()}
best = min(epochs, key=lambda e: e["val_mse_de"])  # GEARS keeps the first epoch with the lowest value

blocks, block_labels = [], []
control_rows = np.where(real_labels == CONTROL)[0]
blocks.append(sp.csr_matrix(real.X[control_rows], dtype=np.float32))
block_labels += [CONTROL] * len(control_rows)
pred_min, negative, total = np.inf, 0, 0
for label in test_labels:
    rows = np.where(test_res["pert_cat"] == condition_of(label))[0]
    n_real = int((real_labels == label).sum())
    if len(rows) != n_real:
        fail(f"GEARS predicted {len(rows)} cells for {label}, the real data has {n_real}")
    cells = test_res["pred"][rows].astype(np.float32)
    pred_min = min(pred_min, float(cells.min()))
    negative, total = negative + int((cells < 0).sum()), total + cells.size
    # log1p expression is never negative and both evaluators refuse negative values: floored at 0, as
    # AdaPert's predicted cells are (GEARS's own pearson_delta above is on the unfloored outputs)
    blocks.append(sp.csr_matrix(np.maximum(cells, 0)))
    block_labels += [label] * len(rows)
prediction = ad.AnnData(
    X=sp.vstack(blocks).tocsr(),
    obs=pd.DataFrame({"target_gene": pd.Categorical(block_labels)},
                     index=[f"cell{i}" for i in range(len(block_labels))]),
    var=pd.DataFrame(index=genes))
prediction.uns["gears_predicted_cells"] = ("GEARS 0.1.2 per-cell test predictions (each from a random real "
                                           "control cell), floored at 0; control cells are the real ones")
prediction_path = os.path.join(args.output, "gears.h5ad")
prediction.write_h5ad(prediction_path)
T_END = now()

# 6. The record. -----------------------------------------------------------------------------------------------
epoch_seconds = [e["seconds"] for e in epochs]
train_cells = len(loaders["train_loader"].dataset)
record = {
    "tool": "GEARS",
    "versions": {"cell-gears": __import__("importlib.metadata").metadata.version("cell-gears"),
                 "torch": torch.__version__, "torch_geometric": __import__("torch_geometric").__version__,
                 "pandas": pd.__version__, "numpy": np.__version__},
    "torch_threads": torch.get_num_threads(),
    "cores": os.cpu_count(),
    "load_average_1min": {"start": LOAD0[0], "end": os.getloadavg()[0]},
    "settings": {"epochs": args.epochs, "hidden_size": 64, "batch_size": 32, "test_batch_size": 128,
                 "lr": 1e-3, "seed": args.seed, "split": "custom", "best_epoch_selection": "validation top-20 DE MSE"},
    "data": {"screen": args.data, "cells": int(Xk.shape[0]), "genes": len(genes), "excluded_cells": n_excluded,
             "labels_not_in_split": unused, "preprocessing": preprocessing,
             "training_cells_per_epoch": train_cells,
             "training_perturbed_cells": int(sum(1 for l in labels_k if split_of.get(l) == "train")),
             "training_control_cells": int((labels_k == CONTROL).sum()),
             "cells_per_perturbation": {l: int((labels_k == l).sum()) for l in sorted(split_of)},
             "batches_per_epoch": len(loaders["train_loader"]),
             "perturbation_graph_nodes": len(pert_data.pert_names), "graph_rows_written": len(edges),
             "genes_without_edges_unreadable_name": unreadable,
             "targets_isolated_in_graph": isolated_targets},
    "seconds": {"to_imports": T_IMPORTS, "read_and_normalise": T_SCREEN - T_IMPORTS,
                "graph_files_from_gmt": T_GRAPH_FILES - T_SCREEN, "gears_processing": T_SETUP - T_GRAPH_FILES,
                "setup_total": T_SETUP, "training": captured["test_start"] - captured["train_start"],
                "gears_test_evaluation": T_TRAINED - captured["test_start"],
                "write_predictions": T_END - T_TRAINED, "wall_from_process_start": T_END},
    "seconds_per_epoch": {"median": float(np.median(epoch_seconds)), "mean": float(np.mean(epoch_seconds)),
                          "min": float(np.min(epoch_seconds)), "max": float(np.max(epoch_seconds))},
    "best_epoch": {"epoch": best["epoch"], "val_mse_de": best["val_mse_de"],
                   "seconds_from_process_start": best["end"]},
    "epochs": epochs,
    "peak_rss_mb": peak_rss_mb(),
    "test": {"pearson_delta_mean": float(np.mean(list(pearson_delta.values()))),
             "pearson_delta": pearson_delta, "mse_de": float(test_metrics["mse_de"]),
             "mse": float(test_metrics["mse"]), "prediction_min": pred_min,
             "fraction_of_predicted_values_floored_at_0": negative / total},
    "prediction": prediction_path,
}
with open(os.path.join(args.output, "gears.json"), "w") as f:
    json.dump(record, f, indent=2)
say(f"done: wall {T_END:.1f} s (setup {T_SETUP:.1f} s, training {record['seconds']['training']:.1f} s, "
    f"median epoch {record['seconds_per_epoch']['median']:.1f} s), peak RSS {record['peak_rss_mb']:.0f} MB, "
    f"GEARS pearson_delta {record['test']['pearson_delta_mean']:.3f} -> {prediction_path}")
