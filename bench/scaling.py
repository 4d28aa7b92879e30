"""Projects a Replogle-size screen's step time, epoch time and memory per rank on 16 to 1,024 ranks from the
figures bench/run measured (bench/results.json) and writes bench/SCALING.md.

    python3 bench/scaling.py [bench/results.json] [bench/SCALING.md]

Measured inputs (bench/results.json):
  - replogle_step: ModelBench at the screen's graph and gene counts, one perturbation per pass (what the exact
    gradient sum runs), one core: seconds, parameters, activation bytes;
  - exact_sum_cost_2rank: the exact sum's step time over the float sum's at the benchmark shape;
  - allreduce: latency alpha and bandwidth beta of an allreduce between this machine's 2 ranks
    (adapert comm-check at 1 and many floats);
  - setup: peak RSS and shard of the benchmark screen on 1 and 2 ranks (the per-rank fixed part).
Model (docs/distributed.md, "One training step"), R ranks, b perturbations per rank and step, B = b R:
  compute   = b x t_p                                            (each rank runs its b examples)
  gradient  = ring allreduce of P x 16 bytes (exact sum: two Int64 words per parameter)
  examples  = alltoallv of b x (5G + 1) x 4 bytes, plus the allgather of the R x R count matrix
  counts    = ring allreduce of (B + 1) x 8 bytes
  ring(n)   = 2 (R - 1) alpha + 2 (R - 1) / R x n / beta;  alltoallv(n) = (R - 1) alpha + n / beta
Memory per rank: shard (cells / R x non-zeros x 8 bytes) + owned state (per owned perturbation: effects 13 and
prior 4 bytes a gene; validation statistics 24) + every training delta during set-up (T x G x 8 bytes) + the
model (44 bytes a parameter) + one pass's activations + the process's fixed part measured at the bench shape.
"""
import json
import math
import sys

results_path = sys.argv[1] if len(sys.argv) > 1 else "bench/results.json"
out_path = sys.argv[2] if len(sys.argv) > 2 else "bench/SCALING.md"
r = json.load(open(results_path))

# The screen (Replogle et al. 2022, genome-wide K562): sizes from the issue; split as configs/ use it.
CELLS, PERTURBATIONS, GENES, NODES, EDGES = 2_000_000, 10_000, 8_000, 10_000, 200_000
TRAIN, VAL = int(0.8 * PERTURBATIONS), int(0.1 * PERTURBATIONS)
NONZERO_FRACTION = 0.10   # real Perturb-seq HVG matrices: 5-15 % non-zero
RANKS = [16, 32, 64, 128, 256, 512, 1024]
PER_RANK = [1, 4, 16]      # perturbations per rank and step (b); the global batch is b x R

step = r["replogle_step"]
t_p = step["step_seconds_median"] / step["perturbations"] * r["exact_sum_cost_2rank"]
params = step["parameters"]
activation_bytes = step["activation_bytes"]
alpha, beta = r["allreduce"]["alpha_s"], r["allreduce"]["bytes_per_s"]
setup = r["setup"]
shard_mb_2 = r["setup_shard_mb_per_rank"]["2"]
fixed_mb = max(setup["2"]["peak_rss_mb_per_rank"]) - max(shard_mb_2)  # process, buffers, replicated parts

def ring(n_bytes, ranks):
    return 2 * (ranks - 1) * alpha + 2 * (ranks - 1) / ranks * n_bytes / beta

def step_time(ranks, b):
    compute = b * t_p
    gradient = ring(16 * params, ranks) + ring(6 * 8, ranks)
    examples = (ranks - 1) * alpha + b * (5 * GENES + 1) * 4 / beta + (ranks - 1) * alpha + ranks * ranks * 8 / beta
    counts = ring((b * ranks + 1) * 8, ranks)
    return compute, gradient + examples + counts

def memory_mb(ranks):
    shard = CELLS / ranks * NONZERO_FRACTION * GENES * 8
    owned = (TRAIN * 13 + PERTURBATIONS * 4 + VAL * 24) * GENES / ranks
    deltas = TRAIN * GENES * 8
    model = params * 44 + activation_bytes
    return {"shard": shard / 1e6, "owned": owned / 1e6, "deltas": deltas / 1e6, "model": model / 1e6,
            "fixed": fixed_mb, "total": (shard + owned + deltas + model) / 1e6 + fixed_mb}

lines = [
    "# Projection to a Replogle-size screen (`bench/scaling.py`, from bench/run's measurements)", "",
    f"From `bench/results.json` of {r['git_rev']} ({r['date']}, {r['machine']}{', --quick' if r.get('quick') else ''}). "
    f"The screen: {CELLS:,} cells, {PERTURBATIONS:,} perturbations ({TRAIN:,} training, {VAL:,} validation), "
    f"{GENES:,} genes, {NODES:,} graph nodes, {EDGES:,} edges, {NONZERO_FRACTION:.0%} non-zero; hidden "
    f"{step['hidden']}, {step['layers']} layers, exact gradient sums (the default).", "",
    "## Measured inputs", "",
    "| input | value | from |", "|---|---|---|",
    f"| one perturbation's forward + backward, one core | {t_p:.3f} s | ModelBench at {step['genes']:,} genes, "
    f"{step['nodes']:,} nodes, {step['edges']:,} edges, 1 perturbation a pass: {step['step_seconds_median']:.3f} s, "
    f"x {r['exact_sum_cost_2rank']:.2f} (exact sum over float sum, bench/run) |",
    f"| parameters (gradient allreduce: 16 bytes each) | {params:,} ({16 * params / 1e6:.1f} MB) | ModelBench |",
    f"| activations of one pass | {activation_bytes / 1e6:.1f} MB | ModelBench |",
    f"| allreduce latency alpha | {alpha * 1e6:.1f} us | `adapert comm-check --buffer-elements 1`, 2 ranks |",
    f"| allreduce bandwidth beta | {beta / 1e9:.2f} GB/s | `adapert comm-check --buffer-elements "
    f"{r['allreduce']['large_elements']:,}`, 2 ranks: {r['allreduce']['large_seconds'] * 1e3:.1f} ms |",
    f"| fixed memory per rank | {fixed_mb:.0f} MB | bench shape, 2 ranks: peak RSS minus the shard |", "",
    "The bandwidth is this machine's shared memory between two cores (other jobs running); a 100 Gb/s "
    "InfiniBand link moves about 12 GB/s with a few microseconds of latency, so the communication below is, if "
    "anything, overestimated for a cluster.", "",
    "## Step and epoch time", "",
    "An epoch visits every training perturbation once: ceil(T / B) steps of B = b x R perturbations. "
    "Efficiency = compute / (compute + communication).", "",
    "| ranks | b | global batch | compute s | comm s | step s | efficiency | steps per epoch | epoch s |",
    "|---|---|---|---|---|---|---|---|---|"]
for ranks in RANKS:
    for b in PER_RANK:
        batch = b * ranks
        if batch > TRAIN:
            continue
        compute, comm = step_time(ranks, b)
        steps = math.ceil(TRAIN / batch)
        lines.append(f"| {ranks} | {b} | {batch:,} | {compute:.2f} | {comm:.3f} | {compute + comm:.2f} | "
                     f"{compute / (compute + comm):.1%} | {steps} | {steps * (compute + comm):.1f} |")
lines += ["", "## Memory per rank", "",
          "| ranks | shard MB | owned effects, priors, statistics MB | training deltas (set-up) MB | model + activations MB | fixed MB | total MB |",
          "|---|---|---|---|---|---|---|"]
for ranks in RANKS:
    m = memory_mb(ranks)
    lines.append(f"| {ranks} | {m['shard']:.0f} | {m['owned']:.0f} | {m['deltas']:.0f} | {m['model']:.0f} | "
                 f"{m['fixed']:.0f} | {m['total']:.0f} |")
def efficiency(ranks, b):
    compute, comm = step_time(ranks, b)
    return compute / (compute + comm)

grad_ms = ring(16 * params, 16) * 1e3
lines += ["", "## Where scaling stops", "",
          f"- Compute per rank is b x {t_p:.3f} s and does not shrink with R. Communication per step is about "
          f"{step_time(16, 1)[1] * 1e3:.0f} ms at 16 ranks and {step_time(1024, 1)[1] * 1e3:.0f} ms at 1,024, "
          f"mostly the exact gradient allreduce ({16 * params / 1e6:.0f} MB, {grad_ms:.0f} ms here: the ring's "
          "bandwidth term does not grow with R); latency and the R x R count matrix of the examples' alltoallv "
          "add the rest at many ranks. So the step's efficiency is set by b, not by R: "
          f"{efficiency(16, 1):.0%} / {efficiency(16, 4):.0%} / {efficiency(16, 16):.0%} at b = 1 / 4 / 16 on 16 ranks "
          f"and {efficiency(1024, 1):.0%} / {efficiency(1024, 4):.0%} at b = 1 / 4 on 1,024. `gradient_sum: float` "
          "sends a quarter of the gradient bytes.",
          f"- The real limit is the batch: a step holds at most the {TRAIN:,} training perturbations, so b x R <= "
          f"{TRAIN:,}; at 1,024 ranks and b = 4 an epoch is {math.ceil(TRAIN / 4096)} steps. Past a global batch of a few "
          "hundred perturbations more ranks buy fewer, larger steps, not a faster descent: scale "
          "`training.lr` with care and check validation per epoch, not per step.",
          f"- Memory per rank falls with R until the replicated parts dominate: every rank holds every training "
          f"delta during set-up ({TRAIN * GENES * 8 / 1e6:.0f} MB, for the graph prior), the graph, the node features and "
          "the control statistics. At 1,024 ranks the shard is under 20 MB and the set-up's deltas are most of "
          "the peak; computing each prior from its at most 5 graph neighbours' deltas (fetched from their owners) "
          "would remove that term.",
          "- Set-up: reading, the shard exchange, the group statistics, the effects and the priors are split over "
          "the ranks; the spectral embedding of the graph is computed whole on every rank (under a second at "
          "5,393 nodes here) and the PCA's products are summed over the ranks' control cells.",
          "",
          "How to pick the global batch (`training.perturbations_per_step`): at least R (positions go to ranks "
          "i mod R, so a smaller batch leaves ranks idle); b = 4 to 16 perturbations per rank keeps the "
          f"communication under {1 - efficiency(16, 4):.0%} of a step. The batch then grows with R, and once it passes "
          f"about a tenth of the training perturbations ({TRAIN // 10:,} here, i.e. {TRAIN // 10 // 16}-{TRAIN // 10 // 4} "
          "ranks) more ranks make each epoch shorter but the optimiser takes fewer steps per epoch; past that "
          "point, spend ranks on other seeds, folds or screens rather than on one larger batch."]
open(out_path, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
