"""Writes bench/PEERS.md and bench/peers.json from the files bench/peers/run leaves in its work folder, and sets
the same `peers` object as the `peers` key of bench/results.json (its other keys, bench/run's, are kept).

    python bench/peers/report.py --work runs/peers --config configs/papalexi.yaml --ranks 2 --pair 500x2000x100x5000 \
        --invocation "bench/peers/run ..." --markdown bench/PEERS.md --json bench/peers.json \
        --results bench/results.json

Reads: adapert-train.json / adapert-predict.json / evaluate-*.json / celleval-*.json / pair-*.json
(bench/peers/measure.py records), adapert-run/{split.json,metrics.csv,config.yaml}, gears/gears.json
(bench/peers/gears_peer.py), evaluate-{adapert,gears}/summary.json and results.csv (adapert evaluate),
celleval-{adapert,gears}/agg_results.csv and results.csv (cell-eval run). Every figure in the outputs comes
from those files; a missing file is an error.
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import subprocess
import sys

parser = argparse.ArgumentParser()
for option in ("--work", "--config", "--ranks", "--pair", "--invocation", "--markdown", "--json", "--results"):
    parser.add_argument(option, required=True)
args = parser.parse_args()
work = args.work


def load(name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        sys.exit(f"report.py: {path} is missing (did a step of bench/peers/run fail?)")
    with open(path) as f:
        return json.load(f)


def rows(name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        sys.exit(f"report.py: {path} is missing")
    with open(path) as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shown(path):
    """A data path as the reader of the repository would give it: relative to the checkout."""
    return os.path.relpath(path, REPO) if os.path.isabs(path) else path


def command_text(words):
    """A recorded command as a reader would type it: programs by name, paths relative to the checkout."""
    out = []
    for word in words:
        if os.path.isabs(word) and os.path.basename(word) in ("adapert", "cell-eval", "mpirun"):
            word = os.path.basename(word)
        elif os.path.isabs(word):
            word = shown(word)
        out.append(word)
    return " ".join(out)


def config_value(key):
    """A scalar `  key: value` of the run's resolved config.yaml (2-space nested, as adapert writes it)."""
    with open(os.path.join(work, "adapert-run", "config.yaml")) as f:
        for line in f:
            if line.startswith(f"  {key}: "):
                return line.split(": ", 1)[1].strip()
    sys.exit(f"report.py: {key} not in the run's config.yaml")


# AdaPert training: timings, steps, the epoch mapping. ------------------------------------------------------
train = load("adapert-train.json")
predict = load("adapert-predict.json")
split = load("adapert-run/split.json")
gears = load("gears/gears.json")
metrics_rows = rows("adapert-run/metrics.csv")
train_rows = [r for r in metrics_rows if r["split"] == "train"]
steps_run = int(train_rows[-1]["step"])
per_step = int(config_value("perturbations_per_step"))
cells_per_pert = int(config_value("cells_per_perturbation"))
n_train = len(split["train"])
steps_per_epoch = math.ceil(n_train / min(per_step, n_train))
counts = gears["data"]["cells_per_perturbation"]
train_cells = sum(counts[p] for p in split["train"])
sampled_per_epoch = sum(min(counts[p], cells_per_pert) for p in split["train"])
adapert_epochs = steps_run / steps_per_epoch
cell_epochs = adapert_epochs * sampled_per_epoch / train_cells
setup_s = train["marks"]["setup"][0][0] if train["marks"]["setup"] else None
if setup_s is None:
    sys.exit("report.py: the training log has no 'training on N rank(s)' line")
train_s = train["wall_seconds"] - setup_s
best_marks = train["marks"]["best"]
best_step = int(best_marks[-1][1]) if best_marks else None
val_times = {int(step): t for t, step in train["marks"]["validation"]}
adapert = {
    "command": command_text(train["command"]), "ranks": int(args.ranks),
    "wall_seconds": train["wall_seconds"], "setup_seconds": setup_s, "training_seconds": train_s,
    "steps": steps_run, "steps_per_epoch": steps_per_epoch, "epochs": adapert_epochs,
    "perturbations_per_step": per_step, "cells_per_perturbation": cells_per_pert,
    "training_perturbations": n_train, "training_cells": train_cells,
    "cells_sampled_per_epoch": sampled_per_epoch, "cell_epochs": cell_epochs,
    "seconds_per_epoch": train_s / adapert_epochs, "seconds_per_cell_epoch": train_s / cell_epochs,
    "best_step": best_step, "best_step_seconds_from_start": val_times.get(best_step),
    "max_rss_mb": train["max_rss_mb"], "job_peak_rss_mb": train["tree_peak_rss_mb"],
    "load_average_1min": train["load_average_1min"],
    "predict_seconds": predict["wall_seconds"], "predict_max_rss_mb": predict["max_rss_mb"],
}

# GEARS. -----------------------------------------------------------------------------------------------------
g_sec = gears["seconds"]
g_epochs = len(gears["epochs"])
g_train_cells = gears["data"]["training_cells_per_epoch"]
g_perturbed = gears["data"]["training_perturbed_cells"]
gears_summary = {
    "versions": gears["versions"], "torch_threads": gears["torch_threads"],
    "wall_seconds": g_sec["wall_from_process_start"], "setup_seconds": g_sec["setup_total"],
    "setup_parts_seconds": {k: g_sec[k] for k in ("to_imports", "read_and_normalise", "graph_files_from_gmt",
                                                   "gears_processing")},
    "training_seconds": g_sec["training"], "epochs": g_epochs,
    "training_cells_per_epoch": g_train_cells, "training_perturbed_cells": g_perturbed,
    "training_control_cells": gears["data"]["training_control_cells"],
    "batches_per_epoch": gears["data"]["batches_per_epoch"],
    "seconds_per_epoch": gears["seconds_per_epoch"],
    "seconds_per_epoch_optimising_median": sorted(e["optimise_seconds"] for e in gears["epochs"])[g_epochs // 2],
    "seconds_per_epoch_evaluating_median": sorted(e["evaluate_seconds"] for e in gears["epochs"])[g_epochs // 2],
    "best_epoch": gears["best_epoch"],
    "test_evaluation_and_writing_seconds": g_sec["gears_test_evaluation"] + g_sec["write_predictions"],
    "max_rss_mb": gears["time_v"]["max_rss_mb"], "peak_rss_mb_getrusage": gears["peak_rss_mb"],
    "own_pearson_delta_mean": gears["test"]["pearson_delta_mean"], "own_pearson_delta": gears["test"]["pearson_delta"],
    "own_test_mse_de": gears["test"]["mse_de"], "prediction_min": gears["test"]["prediction_min"],
    "perturbation_graph_nodes": gears["data"]["perturbation_graph_nodes"],
    "targets_isolated_in_graph": gears["data"]["targets_isolated_in_graph"],
    "load_average_1min": gears["load_average_1min"],
}

# Test metrics from both evaluators. -------------------------------------------------------------------------
METRICS = ["pearson_delta", "discrimination_score_l1", "overlap_at_N", "overlap_at_50", "overlap_at_100",
           "de_nsig_counts_pred", "de_nsig_counts_real", "de_direction_match", "de_spearman_lfc_sig",
           "mse_top20_de", "mse_delta"]


def celleval_means(folder):
    table = rows(f"{folder}/agg_results.csv")
    mean = next((r for r in table if r["statistic"] == "mean"), None)
    if mean is None:
        sys.exit(f"report.py: {folder}/agg_results.csv has no mean row")
    return {m: number(mean.get(m)) for m in METRICS if m in mean}


scores = {}
for model in ("adapert", "gears"):
    summary = load(f"evaluate-{model}/summary.json")
    scores[model] = {
        "adapert_evaluate": {m: summary["metrics"].get(m) for m in METRICS},
        "adapert_evaluate_strata": summary.get("strata"),
        "cell_eval_run": celleval_means(f"celleval-{model}"),
        "per_perturbation": {r["perturbation"]: {m: number(r.get(m)) for m in METRICS + ["stratum"] if m in r}
                             for r in rows(f"evaluate-{model}/results.csv")},
        "evaluate_seconds": load(f"evaluate-{model}.json")["wall_seconds"],
        "cell_eval_seconds": load(f"celleval-{model}.json")["wall_seconds"],
    }
    for r in rows(f"evaluate-{model}/results.csv"):
        scores[model]["per_perturbation"][r["perturbation"]]["stratum"] = r.get("stratum")

# Evaluator timing on the simulated pair. --------------------------------------------------------------------
pair_eval, pair_ce = load("pair-evaluate.json"), load("pair-celleval.json")
pair_ours = load("pair-evaluate/summary.json")["metrics"]
pair_theirs = celleval_means("pair-celleval")
evaluators = {
    "pair": args.pair, "adapert_evaluate": {"wall_seconds": pair_eval["wall_seconds"],
                                             "max_rss_mb": pair_eval["max_rss_mb"],
                                             "load_average_1min": pair_eval["load_average_1min"]},
    "cell_eval_run": {"wall_seconds": pair_ce["wall_seconds"], "max_rss_mb": pair_ce["max_rss_mb"],
                      "tree_peak_rss_mb": pair_ce["tree_peak_rss_mb"], "command": command_text(pair_ce["command"]),
                      "load_average_1min": pair_ce["load_average_1min"]},
    "means": {m: {"adapert_evaluate": pair_ours.get(m), "cell_eval_run": pair_theirs.get(m)} for m in METRICS},
}


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
except OSError:
    commit = ""
peers = {
    "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "commit": commit, "command": args.invocation, "config": args.config, "machine": machine(),
    "split": split, "adapert": adapert, "gears": gears_summary, "scores": scores, "evaluators": evaluators,
}
with open(args.json, "w") as f:
    json.dump({"peers": peers}, f, indent=2)
results = {}
if os.path.exists(args.results):
    with open(args.results) as f:
        results = json.load(f)
results["peers"] = peers
with open(args.results, "w") as f:
    json.dump(results, f, indent=2, sort_keys=True)  # as bench/run writes it


# PEERS.md. --------------------------------------------------------------------------------------------------
def f(value, digits=3):
    if value is None:
        return "n/a"
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, float) and abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def mb(value):
    return f"{value:.0f} MB" if value < 1024 else f"{value / 1024:.2f} GB"


def secs(value):
    return f"{value:.1f} s" if value < 120 else f"{value:.0f} s ({int(value // 60)} min {value % 60:.0f} s)"


a, g = adapert, gears_summary


def winners_sentence():
    """Which model `adapert evaluate` scores better on each metric (DEG counts: closer to the real count)."""
    ours, theirs = scores["adapert"]["adapert_evaluate"], scores["gears"]["adapert_evaluate"]
    lower = {"mse_top20_de", "mse_delta"}
    better = {"AdaPert": [], "GEARS": []}
    for m in METRICS:
        x, y = ours.get(m), theirs.get(m)
        if m == "de_nsig_counts_real" or x is None or y is None or x == y:
            continue
        if m == "de_nsig_counts_pred":
            real = ours.get("de_nsig_counts_real")
            x, y = abs(x - real), abs(y - real)
            first = x < y
        else:
            first = x < y if m in lower else x > y
        better["AdaPert" if first else "GEARS"].append(names[m])
    return (f"Better for AdaPert: {', '.join(better['AdaPert']) or 'none'}. "
            f"Better for GEARS: {', '.join(better['GEARS']) or 'none'}.")
ratio_wall = g["wall_seconds"] / a["wall_seconds"]
jobs = [(name, list(load.values())) for name, load in (
    ("AdaPert's training", a["load_average_1min"]), ("GEARS", g["load_average_1min"]),
    ("the simulated pair's `adapert evaluate`", evaluators["adapert_evaluate"]["load_average_1min"]),
    ("its `cell-eval run`", evaluators["cell_eval_run"]["load_average_1min"]))]
load_note = "; ".join(f"{name} {start:.1f} at its start and {end:.1f} at its end" for name, (start, end) in jobs)
# The steps run one at a time and none runs more busy processes than there are cores (the ranks, torch's
# threads, cell-eval's --num-threads 2), so a load above the core count is other people's work.
shared = [name for name, loads in jobs if max(loads) > peers["machine"]["cores"]]
sa, sg = scores["adapert"], scores["gears"]
lines = [
    "# AdaPert and GEARS side by side",
    "",
    f"Generated by `{args.invocation}` on {peers['generated']} (commit {commit or 'unknown'}), "
    f"{peers['machine']['cpu']}, {peers['machine']['cores']} cores. Screen: `{shown(config_value('path'))}` "
    f"({gears['data']['cells']} cells x {gears['data']['genes']} genes after excluding "
    f"{gears['data']['excluded_cells']} cells), graph: `{shown(config_value('graph'))}`. Both models train on the "
    f"same split (the AdaPert run's `split.json`: {len(split['train'])} training, {len(split['val'])} "
    f"validation and {len(split['test'])} test targets, test = {', '.join(split['test'])}), and both are "
    "scored on the same real cells (`adapert predict --write-real`) by the same evaluators.",
    "",
    f"The 1-minute load average, on {peers['machine']['cores']} cores, was: {load_note}. "
    + (f"Other people's builds and tests shared the machine during {' and '.join([', '.join(shared[:-1]), shared[-1]] if len(shared) > 1 else shared)}, so those times are "
       "inflated and noisy" if shared else
       "That is no more than the benchmark's own processes: the machine was otherwise about idle")
    + "; the steps ran one after the other, never two of them at once.",
    "",
    "## Cost",
    "",
    f"| | AdaPert (`mpirun -np {a['ranks']} adapert train`) | GEARS {g['versions']['cell-gears']} "
    f"(CPU torch {g['versions']['torch']}, {g['torch_threads']} thread{'s' if g['torch_threads'] > 1 else ''}) |",
    "|---|---|---|",
    f"| wall time from process start | {secs(a['wall_seconds'])} | {secs(g['wall_seconds'])} |",
    f"| setup: reading, preprocessing, graph | {secs(a['setup_seconds'])} | {secs(g['setup_seconds'])} "
    f"(imports {g['setup_parts_seconds']['to_imports']:.1f} s, screen {g['setup_parts_seconds']['read_and_normalise']:.1f} s, "
    f"graph files {g['setup_parts_seconds']['graph_files_from_gmt']:.1f} s, GEARS processing "
    f"{g['setup_parts_seconds']['gears_processing']:.1f} s) |",
    f"| training | {secs(a['training_seconds'])} ({a['steps']} steps, early stop) | "
    f"{secs(g['training_seconds'])} ({g['epochs']} epochs) |",
    f"| own epochs run | {a['epochs']:.1f} (best step {a['best_step']}) | {g['epochs']} "
    f"(best epoch {g['best_epoch']['epoch']}) |",
    f"| seconds per own epoch | {a['seconds_per_epoch']:.3f} s | {g['seconds_per_epoch']['median']:.1f} s median "
    f"({g['seconds_per_epoch_optimising_median']:.1f} s optimising + {g['seconds_per_epoch_evaluating_median']:.1f} s "
    "GEARS's per-epoch evaluation of train and val) |",
    f"| seconds per cell-epoch (every training cell in the loss once) | {a['seconds_per_cell_epoch']:.3f} s | "
    f"{g['seconds_per_epoch']['median']:.1f} s |",
    f"| best validation reached at (from process start) | "
    f"{secs(a['best_step_seconds_from_start']) if a['best_step_seconds_from_start'] else 'n/a'} "
    f"(own validation score) | {secs(g['best_epoch']['seconds_from_process_start'])} (val top-20 DE MSE) |",
    f"| peak RSS, largest process | {mb(a['max_rss_mb'])} per rank | {mb(g['max_rss_mb'])} |",
    f"| peak RSS, whole job (sampled sum of all processes) | {mb(a['job_peak_rss_mb'])} | {mb(g['max_rss_mb'])} |",
    f"| predicting the test cells | {secs(a['predict_seconds'])} (`adapert predict`) | "
    f"{secs(g['test_evaluation_and_writing_seconds'])} (GEARS's test pass + writing) |",
    "",
    f"GEARS took {ratio_wall:.0f}x AdaPert's wall time from process start, "
    f"{g['seconds_per_epoch']['median'] / a['seconds_per_cell_epoch']:.0f}x its time per cell-epoch and "
    f"{g['max_rss_mb'] / a['job_peak_rss_mb']:.0f}x its memory (whole job).",
    "",
] + ([
    f"GEARS ran {g['epochs']} epochs here, not its default 20, to fit the time this machine had. Its learning "
    "rate halves every epoch (StepLR, gamma 0.5, from 1e-3), so epoch 11 on trains at under 1e-6 and changes "
    "little; at the measured median epoch, 20 epochs would take an estimated "
    f"{secs(g['setup_seconds'] + 20 * g['seconds_per_epoch']['median'] + g['test_evaluation_and_writing_seconds'])} "
    "from process start (an extrapolation, not a measurement).",
    "",
] if g["epochs"] < 20 else []) + [

    "### What an epoch is for each",
    "",
    f"An epoch here means every training cell entering the loss once. GEARS's epoch is exactly that: its "
    f"training loader holds {g['training_cells_per_epoch']} cells ({g['training_perturbed_cells']} cells of the "
    f"{len(split['train'])} training perturbations plus {g['training_control_cells']} control cells, which GEARS "
    f"also trains on, predicting control from control), in {g['batches_per_epoch']} batches of 32, each cell paired "
    "with a random control cell; after every epoch GEARS also predicts the whole training and validation sets to "
    "pick its best epoch (the evaluation column above).",
    "",
    f"AdaPert trains on pseudobulks. Its own epoch (`BatchSchedule`) visits every training perturbation once: "
    f"step s takes the next `perturbations_per_step` = {per_step} perturbations of a per-epoch permutation, and "
    f"for each samples `cells_per_perturbation` = {cells_per_pert} of its cells (all of them when it has fewer) "
    "whose mean is the target the loss compares with the predicted mean delta. Control cells are not a training "
    "perturbation: they enter through the control mean and the t statistics, computed once. With "
    f"{n_train} training perturbations that is {steps_per_epoch} steps per epoch and {sampled_per_epoch} cells "
    f"per epoch, out of {train_cells} training cells; so one cell-epoch is {train_cells / sampled_per_epoch:.2f} "
    f"AdaPert epochs, and the {a['steps']} steps run were {a['epochs']:.1f} AdaPert epochs = "
    f"{a['cell_epochs']:.1f} cell-epochs.",
    "",
    "## Test metrics",
    "",
    "Cell-eval 0.8.2's metrics on the test perturbations, computed by `adapert evaluate` (AdaPert's "
    "reimplementation) and by Arc's `cell-eval run` on the same files (skipping clustering_agreement, "
    "pearson_edistance, pr_auc and roc_auc, which `adapert evaluate` does not compute). PDS is "
    "discrimination_score_l1 (1 = best), DES@N is overlap_at_N. GEARS's predictions are its per-cell outputs "
    "for the test cells floored at 0, as AdaPert's are (both evaluators refuse negative log1p values; "
    f"{100 * gears['test']['fraction_of_predicted_values_floored_at_0']:.2f}% of GEARS's values were negative, "
    f"down to {g['prediction_min']:.3f}); GEARS's own pearson_delta is computed by GEARS on its unfloored "
    "outputs. AdaPert's are `adapert predict`'s (a control cell + the predicted delta, floored at 0). "
    "`cell-eval run` has no MSE of the top-20 DEGs (n/a).",
    "",
    "| metric | AdaPert (`evaluate`) | GEARS (`evaluate`) | AdaPert (`cell-eval run`) | GEARS (`cell-eval run`) |",
    "|---|---|---|---|---|",
]
names = {"pearson_delta": "pearson_delta", "discrimination_score_l1": "PDS (discrimination_score_l1)",
         "overlap_at_N": "DES@N (overlap_at_N)", "overlap_at_50": "DES@50", "overlap_at_100": "DES@100",
         "de_nsig_counts_pred": "DEGs called per perturbation (predicted)",
         "de_nsig_counts_real": "DEGs per perturbation (real)", "de_direction_match": "DEG direction match",
         "de_spearman_lfc_sig": "DEG log-fold-change Spearman", "mse_top20_de": "MSE, top-20 DEGs",
         "mse_delta": "MSE of delta"}
for m in METRICS:
    d = 1 if m.startswith("de_nsig") else 3
    lines.append(f"| {names[m]} | {f(sa['adapert_evaluate'].get(m), d)} | {f(sg['adapert_evaluate'].get(m), d)} | "
                 f"{f(sa['cell_eval_run'].get(m), d)} | {f(sg['cell_eval_run'].get(m), d)} |")
lines += [
    f"| GEARS's own pearson_delta (its `deeper_analysis`) | | {f(g['own_pearson_delta_mean'])} | | |",
    "",
    winners_sentence(),
    "",
    "Per test perturbation (`adapert evaluate`):",
    "",
    "| perturbation | real DEGs | AdaPert pearson_delta | GEARS pearson_delta | GEARS's own pearson_delta | "
    "AdaPert DEGs called | GEARS DEGs called | AdaPert DES@N | GEARS DES@N |",
    "|---|---|---|---|---|---|---|---|---|",
]
for p in split["test"]:
    ra, rg = sa["per_perturbation"].get(p, {}), sg["per_perturbation"].get(p, {})
    lines.append(f"| {p} | {f(ra.get('de_nsig_counts_real'), 0)} | {f(ra.get('pearson_delta'))} | "
                 f"{f(rg.get('pearson_delta'))} | {f(g['own_pearson_delta'].get(p))} | "
                 f"{f(ra.get('de_nsig_counts_pred'), 0)} | {f(rg.get('de_nsig_counts_pred'), 0)} | "
                 f"{f(ra.get('overlap_at_N'))} | {f(rg.get('overlap_at_N'))} |")
ev, ce = evaluators["adapert_evaluate"], evaluators["cell_eval_run"]
lines += [
    "",
    f"Five test targets on one split and one seed: these numbers say how the two models behave on this "
    "screen, not how they rank in general (that is bench/accuracy's job, over folds and seeds).",
    "",
    "## `adapert evaluate` against `cell-eval run`",
    "",
    f"A simulated pair (bench/peers/make_pair.py, {args.pair}: perturbations x genes x cells per "
    "perturbation + control cells), both tools computing DEGs on both sides:",
    "",
    "| | `adapert evaluate` | `cell-eval run --num-threads 2` |",
    "|---|---|---|",
    f"| wall time | {secs(ev['wall_seconds'])} | {secs(ce['wall_seconds'])} |",
    f"| peak RSS | {mb(ev['max_rss_mb'])} | {mb(ce['max_rss_mb'])} |",
]
for m in ("pearson_delta", "discrimination_score_l1", "overlap_at_N", "de_nsig_counts_pred", "de_nsig_counts_real"):
    lines.append(f"| mean {names[m]} | {f(evaluators['means'][m]['adapert_evaluate'])} | "
                 f"{f(evaluators['means'][m]['cell_eval_run'])} |")
lines += [
    "",
    f"On the Papalexi test files: `adapert evaluate` {sa['evaluate_seconds']:.1f} s (AdaPert's predictions) and "
    f"{sg['evaluate_seconds']:.1f} s (GEARS's), `cell-eval run --num-threads 2` {sa['cell_eval_seconds']:.1f} s and "
    f"{sg['cell_eval_seconds']:.1f} s.",
    "",
    "## How GEARS was run",
    "",
    "`bench/peers/gears` (see its header and `bench/peers/gears_peer.py`): its own venv with cell-gears "
    f"{g['versions']['cell-gears']}, torch_geometric {g['versions']['torch_geometric']} and a CPU torch; "
    f"GEARS's defaults (hidden 64, batch 32, lr 1e-3, best epoch by validation top-20-DE MSE; {g['epochs']} "
    f"epochs{'' if g['epochs'] == 20 else ', its default is 20'}) on "
    "`split='custom'` with the run's targets; the same log1p-normalised cells as AdaPert (checked equal to the "
    "real-cells file). GEARS's GO graph files are built from the same Reactome GMT: pathways stand in for GO "
    f"terms, so its perturbation graph has {g['perturbation_graph_nodes']} nodes (every GMT gene and every "
    "target) linked by the Jaccard index of their pathway sets (above 0.1, its top 20 per gene, as GEARS builds "
    "its GO graph); targets without a pathway "
    f"({', '.join(g['targets_isolated_in_graph']) or 'none'}) are isolated nodes, as in AdaPert. Downloads are "
    "disabled (any attempt is an error) and pandas.Series.nonzero is restored for pandas 2.",
    "",
    f"Torch ran with {g['torch_threads']} thread{'s' if g['torch_threads'] > 1 else ''} on "
    f"{peers['machine']['cores']} cores, AdaPert on {a['ranks']} ranks. In an earlier trial while this machine "
    "was shared with other jobs, torch's default of one thread per core took over 6 s per training step against "
    "about 0.6 s with one thread: torch's OpenMP regions wait for every thread, and a busy machine keeps one of "
    "them waiting. On an idle machine the default may do better; `bench/peers/run --gears-threads 0` measures it.",
    "",
    "GEARS's epochs (seconds, validation top-20-DE MSE, which picks its best epoch):",
    "",
    "| epoch | seconds | optimising | evaluating | val top-20 DE MSE |",
    "|---|---|---|---|---|",
] + [f"| {e['epoch']} | {e['seconds']:.1f} | {e['optimise_seconds']:.1f} | {e['evaluate_seconds']:.1f} | "
     f"{e['val_mse_de']:.4f} |" for e in gears["epochs"]] + [
    "",
    f"AdaPert's training time includes its validation every {config_value('eval_every')} steps and its "
    "checkpoints. Its setup is the time to the log line `training on N rank(s)`, as the output pipe delivered it.",
    "",
]
with open(args.markdown, "w") as out:
    out.write("\n".join(lines))
print(f"report.py: wrote {args.markdown}, {args.json} and the peers key of {args.results}")
