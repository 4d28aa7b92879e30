"""The cross-validated, stratified accuracy benchmark behind bench/accuracy (see that script for usage).

Standard library only. For every dataset of bench/accuracy-grid.json, every seed and every fold it
  1. writes the fold's split.json (deterministic from dataset, seed, fold count and fold),
  2. trains AdaPert and each ablation with `data.split.file` = that split (one training process at a time),
  3. predicts the test split with each trained variant, runs the baselines on the full model's run, scores
     everything with `adapert evaluate` (the full model's evaluation with --ceiling), and on simulated data
     compares with the planted truth (`adapert truth-eval`, and truth.h5's responding genes),
  4. writes FOLD/fold.json with every per-perturbation row it needs.
Step 3 of one variant runs in a worker thread while the next variant trains (evaluation is not training).
A fold whose fold.json exists is skipped; inside a fold every finished step is skipped, so a killed run
resumes. At the end bench/ACCURACY.md and bench/accuracy.json are written from the fold.json files alone.
"""
import argparse
import array
import concurrent.futures
import csv
import datetime
import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

parser = argparse.ArgumentParser()
parser.add_argument("--adapert", required=True)
parser.add_argument("--work", required=True)
parser.add_argument("--grid", default=os.path.join(REPO, "bench", "accuracy-grid.json"))
parser.add_argument("--quick", action="store_true")
parser.add_argument("--with-gears", action="store_true")
parser.add_argument("--gears-epochs", type=int, default=20)
parser.add_argument("--datasets", default="")
parser.add_argument("--folds", type=int, default=0)
parser.add_argument("--seeds", default="")
parser.add_argument("--report-only", action="store_true")
parser.add_argument("--markdown", default=os.path.join(REPO, "bench", "ACCURACY.md"))
parser.add_argument("--json", default=os.path.join(REPO, "bench", "accuracy.json"))
parser.add_argument("--invocation", default="bench/accuracy")
args = parser.parse_args()

START = time.monotonic()


def fail(message):
    print(f"bench/accuracy: {message}", file=sys.stderr)
    sys.exit(1)


def log(message):
    elapsed = time.monotonic() - START
    print(f"[{int(elapsed) // 60:3d}:{int(elapsed) % 60:02d}] {message}", flush=True)


with open(args.grid) as f:
    GRID = json.load(f)
n_folds = args.folds or (GRID["quick"]["folds"] if args.quick else GRID["folds"])
seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else (GRID["quick"]["seeds"] if args.quick else GRID["seeds"])
by_name = {d["name"]: d for d in GRID["datasets"]}
names = [n.strip() for n in args.datasets.split(",") if n.strip()] or list(by_name)
for n in names:
    if n not in by_name:
        fail(f"unknown dataset '{n}'; the grid ({os.path.relpath(args.grid, REPO)}) has {', '.join(by_name)}")
if n_folds < 2:
    fail("--folds must be at least 2")
VARIANTS = GRID["variants"]
WORK = os.path.abspath(args.work)
ADAPERT = args.adapert
for d in GRID["datasets"]:
    if "data" in d:
        d["data_path"] = os.path.normpath(os.path.join(REPO, d["data"]))
    d["config_path"] = os.path.join(REPO, d["config"])
for n in names:
    d = by_name[n]
    if not os.path.isfile(d["config_path"]):
        fail(f"{d['config_path']}: run config of dataset {n} not found")
    if "data" in d and not os.path.isfile(d["data_path"]):
        fail(f"{d['data_path']}: data file of dataset {n} not found")


# Running commands. -----------------------------------------------------------------------------------------
MPI_START_FAILURE = ("ompi_rte_init failed", "Unable to start a daemon on the local node")


def run(cmd, logfile, capture=False, attempts=3):
    """Runs cmd, its output into logfile (stdout returned with capture); a failure raises with the log's end.
    Open MPI's singleton start-up ("Unable to start a daemon on the local node") fails now and then on a busy
    machine before adapert runs at all; such a command is retried (attempts in all)."""
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    for attempt in range(attempts):
        with open(logfile, "a") as logf:
            start = logf.tell()
            logf.write("$ " + " ".join(cmd) + "\n")
            logf.flush()
            if capture:
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=logf, text=True)
            else:
                p = subprocess.run(cmd, stdout=logf, stderr=subprocess.STDOUT)
        if p.returncode == 0:
            break
        with open(logfile) as logf:
            logf.seek(start)
            if not any(m in logf.read() for m in MPI_START_FAILURE):
                break
        log(f"  MPI start-up failed for {' '.join(cmd[:2])}; retrying ({attempt + 2}/{attempts})")
        time.sleep(2)
    if p.returncode != 0:
        with open(logfile) as logf:
            tail = "".join(logf.readlines()[-8:])
        raise RuntimeError(f"{' '.join(cmd[:2])} failed (exit {p.returncode}); end of {logfile}:\n{tail}")
    return p.stdout if capture else None


def atomic_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def targets(label):
    return label.split("+")


# Datasets: screen files and labels. --------------------------------------------------------------------------
def prepare(d):
    """Returns (data path, graph path or None, truth path or None, sorted labels)."""
    graph = truth = None
    if "simulate" in d:
        folder = os.path.join(WORK, "data", d["name"])
        if not os.path.isfile(os.path.join(folder, "truth.h5")):
            log(f"{d['name']}: adapert simulate {' '.join(d['simulate'])}")
            run([ADAPERT, "simulate", "--output", folder] + d["simulate"], os.path.join(folder, "simulate.log"))
        data, graph, truth = (os.path.join(folder, f) for f in ("data.h5ad", "graph.tsv", "truth.h5"))
    else:
        data = d["data_path"]
    cache = os.path.join(WORK, "data", d["name"] + ".labels.json")
    if os.path.isfile(cache):
        with open(cache) as f:
            labels = json.load(f)
    else:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        out = run([ADAPERT, "inspect", data, "--json"], cache + ".log", capture=True)
        labels = sorted(json.loads(out)["perturbations"])
        atomic_json(cache, labels)
    return data, graph, truth, labels


def make_folds(name, mode, labels, k, seed):
    """K folds of {train, val, test} label lists, a pure function of (name, mode, labels, k, seed)."""
    singles = [l for l in labels if len(targets(l)) == 1]
    doubles = [l for l in labels if len(targets(l)) > 1]
    if mode == "targets":
        units = sorted({t for l in labels for t in targets(l)})
    elif mode == "singles":
        units = sorted({targets(l)[0] for l in singles})
    elif mode == "combo_seen2":
        present = set(singles)
        units = sorted(l for l in doubles if all(t in present for t in targets(l)))
    else:
        fail(f"dataset {name}: unknown fold mode '{mode}' (targets, singles, combo_seen2)")
    if len(units) < k:
        fail(f"dataset {name}: {len(units)} fold units ({mode}) for {k} folds")
    rng = random.Random(f"{name}|{mode}|{seed}")
    order = units[:]
    rng.shuffle(order)
    folds = []
    for f in range(k):
        test_units = set(order[f::k])
        rest = sorted(u for u in units if u not in test_units)
        vrng = random.Random(f"{name}|{mode}|{seed}|{k}|{f}|val")
        vrng.shuffle(rest)
        n_val = max(1, round(GRID["val_fraction"] * len(rest)))
        val_units = set(rest[:n_val])
        train, val, test = [], [], []
        for l in labels:
            ts = targets(l)
            if mode == "targets":
                if any(t in test_units for t in ts):
                    test.append(l)
                elif any(t in val_units for t in ts):
                    val.append(l)
                else:
                    train.append(l)
            elif mode == "singles":
                if len(ts) == 1 and ts[0] in test_units:
                    test.append(l)
                elif len(ts) == 1 and ts[0] in val_units:
                    val.append(l)
                elif not any(t in test_units or t in val_units for t in ts):
                    train.append(l)  # a double touching a test or validation target is left out
            else:
                if l in test_units:
                    test.append(l)
                elif l in val_units:
                    val.append(l)
                else:
                    train.append(l)
        folds.append({"train": train, "val": val, "test": test})
    return folds


# Planted truth of a simulated screen (truth.h5 through h5dump, when installed). ----------------------------
def truth_planted(truth, folder):
    """({perturbation: set of responding genes}, {perturbation: {gene: true delta}}) from truth.h5 (read with
    h5dump, the HDF5 tools), or None when h5dump is not installed."""
    cache = os.path.join(folder, "truth-planted.json")
    if os.path.isfile(cache):
        with open(cache) as f:
            value = json.load(f)
        return {k: set(v) for k, v in value["responding"].items()}, value["delta"]
    if subprocess.run(["sh", "-c", "command -v h5dump"], stdout=subprocess.DEVNULL).returncode != 0:
        return None

    def strings(name):
        out = subprocess.run(["h5dump", "-d", name, "-y", "-w", "0", truth], stdout=subprocess.PIPE, text=True,
                             check=True).stdout
        return re.findall(r'"((?:[^"\\]|\\.)*)"', out.split("DATA {", 1)[1])

    def binary(name):
        raw = os.path.join(folder, "dataset.bin")
        subprocess.run(["h5dump", "-d", name, "-b", "LE", "-o", raw, truth], stdout=subprocess.DEVNULL, check=True)
        with open(raw, "rb") as f:
            data = f.read()
        os.remove(raw)
        return data

    perts, genes = strings("/perturbations"), strings("/genes")
    g = len(genes)
    bits = binary("/responding")
    floats = array.array("f", binary("/delta"))
    if len(bits) != len(perts) * g or len(floats) != len(perts) * g:
        fail(f"{truth}: responding/delta do not hold {len(perts)} x {g} values")
    value = {"responding": {p: [genes[j] for j in range(g) if bits[i * g + j]] for i, p in enumerate(perts)},
             "delta": {p: dict(zip(genes, floats[i * g:(i + 1) * g])) for i, p in enumerate(perts)}}
    atomic_json(cache, value)
    return {k: set(v) for k, v in value["responding"].items()}, value["delta"]


# One fold. ---------------------------------------------------------------------------------------------------
METRICS = ["pearson_delta", "discrimination_score_l1", "overlap_at_50", "overlap_at_100", "overlap_at_N",
           "overlap_at_N_excl_target", "de_spearman_lfc_sig", "de_direction_match", "de_nsig_counts_pred",
           "de_nsig_counts_real", "precision_at_N", "mse_delta"]
RELIABILITY = {"pearson_delta", "discrimination_score_l1", "overlap_at_N", "overlap_at_50", "overlap_at_100",
               "precision_at_N", "de_spearman_lfc_sig", "de_direction_match", "de_sig_genes_recall"}


def number(text):
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) else value


def read_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx, syy = sum((a - mx) ** 2 for a in x), sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def slope(x, y):
    """Least-squares slope of y on x (with an intercept); None when x is constant or has under two values."""
    n = len(x)
    if n < 2:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx if sxx > 0 else None


def called_truth(deltas_csv, planted, test):
    """Per test perturbation: precision and recall of the genes given a non-zero predicted delta against the
    planted responding genes, Pearson r of predicted and true delta, and the calibration slope (predicted on
    true delta over the planted responding genes: 1 when effect sizes are right, 0 for a constant)."""
    responding, true_delta = planted
    out = {}
    with open(deltas_csv) as f:
        reader = csv.reader(f)
        genes = next(reader)[1:]
        for row in reader:
            label = row[0]
            if label not in test or label not in responding:
                continue
            called = {g for g, v in zip(genes, row[1:]) if float(v) != 0.0}
            true = responding[label]
            responders = [(g, v) for g, v in zip(genes, row[1:]) if g in true]
            hit = len(called & true)
            td = true_delta[label]
            out[label] = {"called": len(called), "true": len(true),
                          "precision": hit / len(called) if called else None,
                          "recall": hit / len(true) if true else None,
                          "pearson": pearson([float(v) for v in row[1:]], [td[g] for g in genes]),
                          "slope": slope([td[g] for g, _ in responders], [float(v) for _, v in responders])}
    return out


class Fold:
    def __init__(self, d, data, graph, truth, labels, seed, k, index, split):
        self.d, self.data, self.graph, self.truth, self.seed, self.k, self.index = d, data, graph, truth, seed, k, index
        self.split = split
        self.dir = os.path.join(WORK, d["name"], f"seed{seed}-fold{index + 1}of{k}")
        self.tag = f"{d['name']} seed {seed} fold {index + 1}/{k}"
        self.has_doubles = any(len(targets(l)) > 1 for l in split["test"])

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write_split(self):
        os.makedirs(self.dir, exist_ok=True)
        p = self.path("split.json")
        if os.path.isfile(p):
            with open(p) as f:
                if json.load(f) != self.split:
                    fail(f"{p} differs from the split this grid makes; remove {self.dir} to recompute the fold")
        else:
            atomic_json(p, self.split)

    def train(self, variant):
        out = self.path("runs", variant["name"])
        if os.path.isfile(out + ".done"):
            return False
        cmd = [ADAPERT, "train", "--config", self.d["config_path"], "--output", out, "--resume", "auto",
               "--set", f"data.path={self.data}", "--set", f"data.split.file={self.path('split.json')}",
               "--set", f"training.seed={self.seed}"]
        if self.graph:
            cmd += ["--set", f"data.graph={self.graph}"]
        for s in self.d.get("set", []) + variant["set"]:
            cmd += ["--set", s]
        run(cmd, out + ".log")
        with open(out + ".log") as f:
            if "stop signal received" in "".join(f.readlines()[-5:]):
                # adapert train exits 0 after checkpointing on SIGTERM/SIGUSR1: not finished, resumed next time
                raise RuntimeError(f"{out}: training was stopped by a signal; run bench/accuracy again to resume it")
        open(out + ".done", "w").close()
        return True

    # `adapert report` on the full model's run predicts AdaPert and the four baselines, writes the real cells
    # and evaluates all of them and the ceiling in one process (RUN/eval/); the other methods go to FOLD/eval/.
    REPORTED = ("adapert", "control", "train-mean", "linear", "graph-knn")

    def results_dir(self, method):
        if method in self.REPORTED:
            return self.path("runs", "adapert", "eval", method)
        return self.path("eval", method)

    def deltas(self, method):
        if method in self.REPORTED:
            return self.path("runs", "adapert", "eval", method + ".deltas.csv")
        if method == "gears":
            return self.path("gears", "gears.deltas.csv")
        return self.path("pred", method + ".deltas.csv")

    def real(self):
        return self.path("runs", "adapert", "eval", "real.h5ad")

    def evaluate(self, method, pred):
        outdir = self.path("eval", method)
        if os.path.isfile(outdir + ".done"):
            return
        run([ADAPERT, "evaluate", "--pred", pred, "--real", self.real(), "--outdir", outdir],
            self.path("eval", method + ".log"))
        open(outdir + ".done", "w").close()

    def post_variant(self, variant):
        """Predict and evaluate one trained variant (the full one: `adapert report` and `adapert truth-eval`)."""
        name = variant["name"]
        runs = self.path("runs", name)
        if name == "adapert":
            if not os.path.isfile(self.path("report.done")):
                run([ADAPERT, "report", runs, "--output", self.path("report.html")], self.path("report.log"))
                open(self.path("report.done"), "w").close()
            if self.truth and not os.path.isfile(self.path("truth-eval.json")):
                out = run([ADAPERT, "truth-eval", "--run", runs, "--truth", self.truth, "--json"],
                          self.path("truth-eval.log"), capture=True)
                with open(self.path("truth-eval.json.tmp"), "w") as f:
                    f.write(out)
                os.replace(self.path("truth-eval.json.tmp"), self.path("truth-eval.json"))
            return
        pred = self.path("pred", name + ".h5ad")
        if not os.path.isfile(pred):
            run([ADAPERT, "predict", "--run", runs, "--output", pred, "--allow-isolated"], self.path("pred", name + ".log"))
        self.evaluate(name, pred)

    def baselines(self):
        return GRID["baselines"] + (["additive"] if self.has_doubles else [])

    def post_baselines(self):
        if self.has_doubles:
            pred = self.path("pred", "additive.h5ad")
            if not os.path.isfile(pred):
                run([ADAPERT, "baseline", "additive", "--run", self.path("runs", "adapert"), "--output", pred,
                     "--allow-isolated"], self.path("pred", "additive.log"))
            self.evaluate("additive", pred)

    def gears(self):
        """GEARS (bench/peers/gears) on the full model's split; only for screens with a Reactome GMT graph."""
        if os.path.isfile(self.path("gears", "gears.h5ad")):
            return True
        with open(self.path("runs", "adapert", "config.yaml")) as f:
            m = re.search(r"^  graph: '?([^'\n]*)'?$", f.read(), re.M)
        gmt = m.group(1) if m else ""
        if not gmt.endswith(".gmt"):
            return False
        run([os.path.join(REPO, "bench", "peers", "gears"), "--run", self.path("runs", "adapert"),
             "--real", self.real(), "--data", self.data, "--gmt", gmt,
             "--output", self.path("gears"), "--epochs", str(args.gears_epochs), "--seed", str(self.seed + 1)],
            self.path("gears.log"))
        return True

    def collect(self, methods, seconds):
        """FOLD/fold.json: every per-perturbation row of every method, the ceiling rows, the truth scores."""
        planted = truth_planted(self.truth, os.path.dirname(self.truth)) if self.truth else None
        out = {"dataset": self.d["name"], "seed": self.seed, "fold": self.index, "folds": self.k,
               "split": self.split, "seconds": seconds, "methods": {}, "ceiling": [], "truth": {}}
        for method in methods:
            rows = read_rows(os.path.join(self.results_dir(method), "results.csv"))
            out["methods"][method] = [{"perturbation": r["perturbation"], "stratum": r["stratum"],
                                       **{m: number(r.get(m)) for m in METRICS}} for r in rows]
        out["ceiling"] = [{"perturbation": r["perturbation"], **{m: number(r.get(m)) for m in METRICS}}
                          for r in read_rows(os.path.join(self.results_dir("adapert"), "ceiling_results.csv"))]
        if self.truth:
            with open(self.path("truth-eval.json")) as f:
                te = json.load(f)
            for method in ("adapert", "train-mean", "graph-knn"):
                out["truth"].setdefault(method, {})["truth_eval"] = te[method]
            if planted is not None:
                test = set(self.split["test"])
                for method in methods:
                    if os.path.isfile(self.deltas(method)):
                        out["truth"].setdefault(method, {})["called"] = called_truth(self.deltas(method), planted, test)
        atomic_json(self.path("fold.json"), out)


# The grid. ----------------------------------------------------------------------------------------------------
def run_grid():
    prepared = {n: prepare(by_name[n]) for n in names}
    folds = []
    for n in names:
        data, graph, truth, labels = prepared[n]
        d = by_name[n]
        for seed in seeds:
            for i, split in enumerate(make_folds(n, d["folds"], labels, n_folds, seed)):
                folds.append(Fold(d, data, graph, truth, labels, seed, n_folds, i, split))
    todo = [f for f in folds if not os.path.isfile(f.path("fold.json"))]
    log(f"{len(folds)} folds ({', '.join(names)}; {n_folds} folds x {len(seeds)} seed(s)); "
        f"{len(folds) - len(todo)} cached, {len(todo)} to run in {WORK}")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    futures = []

    def check():
        for fut in futures:
            if fut.done() and fut.exception() is not None:
                pool.shutdown(wait=False, cancel_futures=True)
                fail(str(fut.exception()))

    fold_seconds = []
    for number_, fold in enumerate(todo):
        t0 = time.monotonic()
        fold.write_split()
        s = fold.split
        log(f"{fold.tag}: {len(s['train'])} train / {len(s['val'])} val / {len(s['test'])} test perturbations")
        for j, variant in enumerate(VARIANTS):
            check()
            t1 = time.monotonic()
            trained = fold.train(variant)
            if trained:
                log(f"  {fold.tag}: trained {variant['name']} ({j + 1}/{len(VARIANTS)}) in {time.monotonic() - t1:.1f} s")
            futures.append(pool.submit(fold.post_variant, variant))
            if variant["name"] == "adapert":
                futures.append(pool.submit(fold.post_baselines))
        methods = [v["name"] for v in VARIANTS] + fold.baselines()
        if args.with_gears:
            for fut in futures:  # GEARS needs real.h5ad, written by the full model's predict
                fut.exception()
            check()
            t1 = time.monotonic()
            if fold.gears():
                log(f"  {fold.tag}: GEARS in {time.monotonic() - t1:.1f} s")
                futures.append(pool.submit(fold.evaluate, "gears", fold.path("gears", "gears.h5ad")))
                methods.append("gears")

        def finish(fold=fold, methods=methods, t0=t0, number_=number_):
            fold.collect(methods, time.monotonic() - t0)
            fold_seconds.append(time.monotonic() - t0)
            left = len(todo) - number_ - 1
            eta = statistics.mean(fold_seconds) * left
            log(f"{fold.tag}: done in {time.monotonic() - t0:.0f} s; {left} fold(s) left, about {eta / 60:.1f} min")
        futures.append(pool.submit(finish))
    for fut in futures:
        fut.exception()
    check()
    pool.shutdown()
    return folds, len(todo)


# Aggregation and the report. ----------------------------------------------------------------------------------
LABELS = {"pearson_delta": "Pearson Δ", "discrimination_score_l1": "PDS", "overlap_at_50": "DES@50",
          "overlap_at_100": "DES@100", "overlap_at_N": "DES@N", "overlap_at_N_excl_target": "DES@N excl. target",
          "de_spearman_lfc_sig": "DEG Spearman", "de_direction_match": "Direction",
          "deg_count_error": "DEG-count error"}
TABLE = ["pearson_delta", "discrimination_score_l1", "overlap_at_50", "overlap_at_100", "overlap_at_N",
         "overlap_at_N_excl_target", "de_spearman_lfc_sig", "de_direction_match"]
LOWER_BETTER = {"deg_count_error"}
HEADLINE = ["pearson_delta", "discrimination_score_l1", "overlap_at_N", "overlap_at_N_excl_target",
            "de_spearman_lfc_sig", "de_direction_match", "deg_count_error"]
AGG = TABLE + ["de_nsig_counts_pred", "de_nsig_counts_real", "deg_count_error"]


def mean_or_none(values):
    values = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.mean(values) if values else None


def strata_of(rows, doubles):
    out = {"all": rows, "strong": [r for r in rows if r["stratum"] == "strong"],
           "weak": [r for r in rows if r["stratum"] == "weak"]}
    if doubles:
        out["single"] = [r for r in rows if "+" not in r["perturbation"]]
        out["double"] = [r for r in rows if "+" in r["perturbation"]]
    return out


def fold_means(rows, n_test):
    """Mean over a fold's perturbations of every metric (null and NaN left out)."""
    for r in rows:
        if r["de_nsig_counts_pred"] is not None and r["de_nsig_counts_real"] is not None:
            r["deg_count_error"] = abs(math.log2((r["de_nsig_counts_pred"] + 1) / (r["de_nsig_counts_real"] + 1)))
    out = {m: mean_or_none([r.get(m) for r in rows]) for m in AGG}
    if n_test < 2:
        out["discrimination_score_l1"] = None  # PDS over one perturbation is 1 by definition
    return out


def summarise(values):
    values = [v for v in values if v is not None]
    if not values:
        return {"mean": None, "sd": None, "n": 0}
    return {"mean": statistics.mean(values), "sd": statistics.stdev(values) if len(values) > 1 else None,
            "n": len(values)}


def aggregate(folds):
    result = {}
    for n in names:
        records = []
        for fold in folds:
            if fold.d["name"] != n:
                continue
            with open(fold.path("fold.json")) as f:
                records.append(json.load(f))
        doubles = any("+" in l for r in records for l in r["split"]["test"])
        per_unit = {}  # method -> stratum -> list of fold means (one per seed x fold)
        truth = {}
        for rec in records:
            n_test = len(rec["split"]["test"])
            stratum_of = {r["perturbation"]: r["stratum"] for r in rec["methods"]["adapert"]}
            for method, rows in rec["methods"].items():
                for stratum, srows in strata_of(rows, doubles).items():
                    per_unit.setdefault(method, {}).setdefault(stratum, []).append(
                        (rec["seed"], rec["fold"], fold_means(srows, n_test) if srows else None))
            ceiling_rows = [dict(r, stratum=stratum_of.get(r["perturbation"], "")) for r in rec["ceiling"]]
            for stratum, srows in strata_of(ceiling_rows, doubles).items():
                if not srows:
                    per_unit.setdefault("ceiling", {}).setdefault(stratum, []).append((rec["seed"], rec["fold"], None))
                    continue
                means = {}
                for m in TABLE:
                    r = mean_or_none([x.get(m) for x in srows]) if m in RELIABILITY else None
                    means[m] = 2 * r / (1 + r) if r is not None and r > 0 else None
                if n_test < 2:
                    means["discrimination_score_l1"] = None
                per_unit.setdefault("ceiling", {}).setdefault(stratum, []).append((rec["seed"], rec["fold"], means))
            for method, t in rec["truth"].items():
                entry = truth.setdefault(method, {"pearson_vs_truth": [], "precision_at_k": [], "pearson_vs_truth_own": [],
                                                  "called_precision": [], "called_recall": [], "called_genes": [],
                                                  "calibration_slope": []})
                if "truth_eval" in t:
                    entry["pearson_vs_truth"].append(t["truth_eval"]["pearson"])
                    entry["precision_at_k"].append(t["truth_eval"]["precisionAtK"])
                if "called" in t:
                    c = t["called"].values()
                    entry["called_precision"].append(mean_or_none([x["precision"] for x in c]))
                    entry["called_recall"].append(mean_or_none([x["recall"] for x in c]))
                    entry["called_genes"].append(mean_or_none([x["called"] for x in c]))
                    entry["pearson_vs_truth_own"].append(mean_or_none([x["pearson"] for x in c]))
                    entry["calibration_slope"].append(mean_or_none([x.get("slope") for x in c]))
        methods = {}
        for method, strata in per_unit.items():
            methods[method] = {}
            for stratum, units in strata.items():
                methods[method][stratum] = {m: summarise([u[2].get(m) if u[2] else None for u in units]) for m in AGG
                                            if method != "ceiling" or m in TABLE}
                methods[method][stratum]["units"] = [[u[0], u[1]] for u in units if u[2]]
        result[n] = {
            "about": by_name[n]["about"], "folds_mode": by_name[n]["folds"], "config": by_name[n]["config"],
            "set": by_name[n].get("set", []), "units": len(records),
            "test_perturbations_per_fold": summarise([len(r["split"]["test"]) for r in records]),
            "train_perturbations_per_fold": summarise([len(r["split"]["train"]) for r in records]),
            "fold_seconds": summarise([r["seconds"] for r in records]),
            "methods": methods,
            "paired": paired(per_unit),
            "truth": {m: {k: summarise(v) for k, v in e.items()} for m, e in truth.items()},
        }
    return result


def paired(per_unit):
    """AdaPert minus each other method per (seed, fold), per stratum and headline metric."""
    out = {}
    base = per_unit["adapert"]
    for method, strata in per_unit.items():
        if method == "adapert":
            continue
        for stratum, units in strata.items():
            mine = {(s, f): v for s, f, v in base.get(stratum, [])}
            for m in HEADLINE:
                diffs = []
                for s, f, v in units:
                    a = mine.get((s, f))
                    if v and a and v.get(m) is not None and a.get(m) is not None:
                        diffs.append(a[m] - v[m])
                if diffs:
                    better = sum(1 for x in diffs if (x < 0 if m in LOWER_BETTER else x > 0))
                    worse = sum(1 for x in diffs if (x > 0 if m in LOWER_BETTER else x < 0))
                    out.setdefault(method, {}).setdefault(stratum, {})[m] = {
                        "mean_difference": statistics.mean(diffs),
                        "sd_difference": statistics.stdev(diffs) if len(diffs) > 1 else None,
                        "adapert_better": better, "adapert_worse": worse, "n": len(diffs)}
    return out


def fmt(s, digits=3):
    if s is None or s.get("mean") is None:
        return "–"
    text = f"{s['mean']:.{digits}f}"
    if s.get("sd") is not None:
        text += f" ± {s['sd']:.{digits}f}"
    return text


ABLATIONS = [v["name"] for v in VARIANTS if v["name"] != "adapert"]
BASELINE_NAMES = GRID["baselines"] + ["additive", "gears"]
DISPLAY = {"adapert": "**AdaPert**", "control": "control (Δ = 0)", "train-mean": "train-mean",
           "linear": "linear (Ahlmann-Eltze)", "graph-knn": "graph-knn (graph prior)",
           "additive": "additive (sum of singles)", "gears": "GEARS", "ceiling": "replicate ceiling"}


def method_order(methods):
    order = ["adapert"] + [b for b in BASELINE_NAMES if b in methods] + [a for a in ABLATIONS if a in methods]
    return order + (["ceiling"] if "ceiling" in methods else [])


def table(ds, stratum):
    lines = ["| method | " + " | ".join(LABELS[m] for m in TABLE) + " | DEGs predicted / real | DEG-count error |",
             "|---" * (len(TABLE) + 3) + "|"]
    for method in method_order(ds["methods"]):
        s = ds["methods"][method].get(stratum)
        if not s or not s.get("units"):
            continue
        name = DISPLAY.get(method, f"ablation: {method}")
        cells = [fmt(s.get(m)) for m in TABLE]
        if method == "ceiling":
            degs, err = "–", "–"
        else:
            degs = f"{fmt(s['de_nsig_counts_pred'], 1)} / {fmt(s['de_nsig_counts_real'], 1)}"
            err = fmt(s["deg_count_error"], 2)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {degs} | {err} |")
    return lines


def best_baseline(ds, stratum, metric):
    best = None
    for b in BASELINE_NAMES:
        s = ds["methods"].get(b, {}).get(stratum, {}).get(metric)
        if s and s["mean"] is not None:
            if best is None or (s["mean"] < best[1] if metric in LOWER_BETTER else s["mean"] > best[1]):
                best = (b, s["mean"], s)
    return best


def findings(n, ds):
    """Sentences made from the numbers: where AdaPert does not win, and where it wins only within noise."""
    lose, narrow, win, abl = [], [], [], []
    strata = [s for s in ("all", "strong", "weak", "single", "double") if s in ds["methods"]["adapert"]]
    for stratum in strata:
        for m in HEADLINE:
            a = ds["methods"]["adapert"][stratum].get(m)
            if not a or a["mean"] is None:
                continue
            lower = m in LOWER_BETTER
            beaten, close = [], []
            for b in BASELINE_NAMES:
                s = ds["methods"].get(b, {}).get(stratum, {}).get(m)
                p = ds["paired"].get(b, {}).get(stratum, {}).get(m)
                if not s or s["mean"] is None or not p:
                    continue
                folds = f"AdaPert worse in {p['adapert_worse']}, better in {p['adapert_better']} of {p['n']} folds"
                if s["mean"] <= a["mean"] if lower else s["mean"] >= a["mean"]:
                    beaten.append(f"{DISPLAY[b]} {s['mean']:.3f} ({folds})")
                elif p["sd_difference"] is None or abs(p["mean_difference"]) < p["sd_difference"]:
                    sd = "no sd" if p["sd_difference"] is None else f"sd {p['sd_difference']:.3f}"
                    close.append(f"{DISPLAY[b]} {s['mean']:.3f} (paired margin {p['mean_difference']:+.3f}, {sd})")
            where = f"{LABELS[m]} ({'lower is better, ' if lower else ''}{stratum} test perturbations): AdaPert {a['mean']:.3f}"
            if beaten:
                lose.append(f"{where}; as good or better: " + "; ".join(beaten) + ".")
            if close:
                narrow.append(f"{where}; within noise: " + "; ".join(close) + ".")
            if stratum == "all":
                bb = best_baseline(ds, stratum, m)
                if bb and (a["mean"] < bb[1] if lower else a["mean"] > bb[1]):
                    win.append(f"{LABELS[m]} (AdaPert {a['mean']:.3f}, best baseline {DISPLAY[bb[0]]} {bb[1]:.3f})")
                for v in ABLATIONS:
                    s = ds["methods"].get(v, {}).get(stratum, {}).get(m)
                    if s and s["mean"] is not None and (s["mean"] <= a["mean"] if lower else s["mean"] >= a["mean"]):
                        abl.append(f"{v} on {LABELS[m]} ({s['mean']:.3f} vs {a['mean']:.3f})")
    return {"does_not_win": lose, "wins_within_noise": narrow, "wins_overall": win, "ablations_not_worse": abl}


def git_rev():
    try:
        return subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                              text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"


def report(folds, computed, wall):
    agg = aggregate(folds)
    for n, ds in agg.items():
        ds["findings"] = findings(n, ds)
    grid_name = "quick grid" if args.quick else "full grid"
    doc = {"invocation": args.invocation, "grid": grid_name, "folds": n_folds, "seeds": seeds,
           "variants": VARIANTS, "baselines": GRID["baselines"], "with_gears": args.with_gears,
           "git_rev": git_rev(), "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
           "wall_seconds": wall, "folds_computed": computed, "folds_total": len(folds),
           "fold_seconds_sum": sum(json.load(open(f.path("fold.json")))["seconds"] for f in folds),
           "datasets": agg}
    atomic_json(args.json, doc)
    L = ["# AdaPert accuracy benchmark: cross-validated and stratified", "",
         f"Made by `{args.invocation}` ({grid_name}: {n_folds} folds x {len(seeds)} seed(s) "
         f"{', '.join(map(str, seeds))}; git {doc['git_rev']}, {doc['date']}, {os.cpu_count()} cores). "
         + (f"The invocation took {wall / 60:.1f} min of wall time and computed {computed} of {len(folds)} folds"
            f"{'' if computed == len(folds) else ' (the others came from its cache)'}; "
            if wall is not None else "The tables were rewritten from the cached folds by --report-only (the wall "
            "time of the invocation that computed them was not kept); ")
         + f"the folds' own times add up to {doc['fold_seconds_sum'] / 60:.1f} min. "
         "Every number below is computed by bench/accuracy from `adapert evaluate` files; bench/accuracy.json holds "
         "them all.", "",
         "How to read it: each cell is the mean ± sd over folds and seeds of the per-fold mean over that fold's test "
         "perturbations (null and NaN values, e.g. DEG Spearman of a perturbation with under two real DEGs, are left "
         "out of a fold's mean, unlike cell-eval's NaN-propagating mean). Strong: at least 20 real DEGs; weak: fewer. "
         "DEG-count error is the mean |log2((predicted + 1) / (real + 1))| of the DEG counts (lower is better). "
         "PDS is left out (–) in folds with a single test perturbation, where it is 1 by definition. The replicate "
         "ceiling is cell-eval's (half the real cells against the other half, Spearman-Brown to full depth), "
         "per stratum from the half-depth rows. Test targets are never trained on (combo folds: the test doubles' "
         "singles train, GEARS's 'combo seen 2'); validation perturbations come from the training folds. "
         "Perturbations whose target is neither measured nor in the graph get the train-mean delta from every "
         "method (`--allow-isolated`).", "",
         "Training is shortened against the shipped configs so the grid fits its time budget (bench/accuracy-grid.json "
         "says how); the ablations each switch one component of docs/model.md off.", ""]
    L += ["## Headline: AdaPert against the best baseline per dataset (all test perturbations)", "",
          "| dataset | metric | AdaPert | best baseline | its score |", "|---|---|---|---|---|"]
    for n, ds in agg.items():
        for m in ["pearson_delta", "discrimination_score_l1", "overlap_at_N", "deg_count_error"]:
            a = ds["methods"]["adapert"]["all"].get(m)
            bb = best_baseline(ds, "all", m)
            L.append(f"| {n} | {LABELS[m]} | {fmt(a)} | {DISPLAY[bb[0]] if bb else '–'} | {fmt(bb[2]) if bb else '–'} |")
        a = ds["methods"]["adapert"]["all"]
        L.append(f"| {n} | DEGs predicted / real | {fmt(a['de_nsig_counts_pred'], 1)} / {fmt(a['de_nsig_counts_real'], 1)} | | |")
    L.append("")
    L += ["## Where AdaPert does not win", "",
          "Generated from the numbers: every (dataset, stratum, headline metric) where a baseline's mean is at least "
          "AdaPert's (at most, for DEG-count error), then the wins whose paired margin is smaller than its sd, then "
          "the ablations that score at least as well as the full model.", ""]
    for n, ds in agg.items():
        fnd = ds["findings"]
        L.append(f"### {n}")
        L.append("")
        if fnd["does_not_win"]:
            L.append(f"AdaPert does not win on {len(fnd['does_not_win'])} (metric, stratum) pairs:")
            L += [f"- {x}" for x in fnd["does_not_win"]]
        else:
            L.append("No baseline matches or beats AdaPert on any headline metric in any stratum.")
        L.append("")
        if fnd["wins_within_noise"]:
            L.append("AdaPert wins, but by less than the fold-to-fold sd of the paired difference (AdaPert minus baseline):")
            L += [f"- {x}" for x in fnd["wins_within_noise"]]
            L.append("")
        if fnd["wins_overall"]:
            L.append("Over all test perturbations AdaPert's mean beats every baseline's on: " + "; ".join(fnd["wins_overall"]) + ".")
            L.append("")
        if fnd["ablations_not_worse"]:
            L.append("Ablations scoring at least as well as the full model (all test perturbations), i.e. the "
                     "component did not help there: " + "; ".join(fnd["ablations_not_worse"]) + ".")
            L.append("")
    for n, ds in agg.items():
        L += [f"## {n}: {ds['about']}", "",
              f"Config `{ds['config']}` with `{' '.join('--set ' + s for s in ds['set'])}`; folds: {ds['folds_mode']}; "
              f"{ds['units']} folds in all, {fmt(ds['test_perturbations_per_fold'], 1)} test and "
              f"{fmt(ds['train_perturbations_per_fold'], 1)} training perturbations per fold; "
              f"{fmt(ds['fold_seconds'], 0)} s per fold.", ""]
        for stratum in ("all", "strong", "weak", "single", "double"):
            if stratum not in ds["methods"]["adapert"]:
                continue
            units = ds["methods"]["adapert"][stratum]["units"]
            if not units:
                L += [f"**{stratum}**: no fold has a test perturbation of this stratum.", ""]
                continue
            L += [f"**{stratum} test perturbations** ({len(units)} folds have some):", ""]
            L += table(ds, stratum)
            L.append("")
        if ds["truth"]:
            L += ["Against the simulator's planted truth (test perturbations). From `adapert truth-eval` (AdaPert, "
                  "train-mean, graph-knn): Pearson r of predicted and true delta and precision of the top-k genes by "
                  "|predicted delta|, k = the number of planted responders (so it is also the recall at k). For every "
                  "method, from its predicted deltas and truth.h5: Pearson r of predicted and true delta over the "
                  "genes, and the precision and recall of the genes it gives a non-zero delta (called) against the "
                  "planted responding genes; the calibration slope is the least-squares slope of predicted on true "
                  "delta over the planted responding genes (1: effect sizes right; issue 11 asks for 0.7-1.3). A "
                  "constant prediction (control; additive for a perturbation none of whose singles trained) has no "
                  "Pearson r and is left out of that mean.", "",
                  "| method | Pearson vs truth (truth-eval) | precision at k (truth-eval) | Pearson vs truth | genes called | called precision | called recall | calibration slope |",
                  "|---|---|---|---|---|---|---|---|"]
            for method in method_order(ds["truth"]):
                t = ds["truth"].get(method)
                if not t:
                    continue
                L.append(f"| {DISPLAY.get(method, 'ablation: ' + method)} | {fmt(t['pearson_vs_truth'])} | "
                         f"{fmt(t['precision_at_k'])} | {fmt(t['pearson_vs_truth_own'])} | {fmt(t['called_genes'], 1)} | {fmt(t['called_precision'])} | "
                         f"{fmt(t['called_recall'])} | {fmt(t.get('calibration_slope'))} |")
            L.append("")
    with open(args.markdown + ".tmp", "w") as f:
        f.write("\n".join(L) + "\n")
    os.replace(args.markdown + ".tmp", args.markdown)
    log(f"wrote {os.path.relpath(args.markdown, REPO)} and {os.path.relpath(args.json, REPO)}")


if args.report_only:
    all_folds = []
    for n in names:
        data, graph, truth, labels = prepare(by_name[n])
        for seed in seeds:
            for i, split in enumerate(make_folds(n, by_name[n]["folds"], labels, n_folds, seed)):
                fold = Fold(by_name[n], data, graph, truth, labels, seed, n_folds, i, split)
                if not os.path.isfile(fold.path("fold.json")):
                    fail(f"{fold.path('fold.json')} is missing: run without --report-only first")
                all_folds.append(fold)
    wall, computed = None, 0
    if os.path.isfile(args.json):  # keep the timing of the invocation that computed the folds
        with open(args.json) as f:
            previous = json.load(f)
        if previous.get("folds") == n_folds and previous.get("seeds") == seeds:
            wall, computed = previous["wall_seconds"], previous["folds_computed"]
            args.invocation = previous["invocation"].replace(" (tables rewritten by --report-only)", "") + \
                " (tables rewritten by --report-only)"
    report(all_folds, computed, wall)
else:
    all_folds, computed = run_grid()
    report(all_folds, computed, time.monotonic() - START)
