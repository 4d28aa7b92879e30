#!/usr/bin/env python3
"""Independent NumPy reference of the AdaPert forward pass and loss (docs/model.md) for a tiny config.

Written from the design description in docs/model.md, not from the Swift code: dense per-perturbation adjacency matrices, one
perturbation at a time, and gradients by the complex-step method (Squire & Trapp 1998):
dL/dtheta_k = Im L(theta + i h e_k) / h with h = 1e-30, exact to rounding for every parameter (max, clamp
and |.| branch on the real part). Writes Tests/ModelTests/Fixtures/adapert_reference.json with the inputs,
the parameters, step-0 losses, outputs and gradients, inference outputs, and five AdamW steps.

Run by hand: python3 Tests/Reference/make_reference.py   (numpy only; system numpy 2.x suffices)
"""
import json
import math
import pathlib

try:
    import numpy as np
except ImportError:
    raise SystemExit("make_reference.py needs numpy: apt-get install python3-numpy, or pip install numpy in a venv")

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
TAU, GAMMA, ZETA, EPS = 2.0 / 3.0, -0.1, 1.1, 1e-6
LN_EPS = 1e-5
LAMBDA = dict(responder=0.5, effect_gate=0.5, l0=1e-2, direction=0.1)
KAPPA = 0.1
D, LAYERS, K = 4, 2, 3
NOISE_SEED = 2024
MARGIN = 1e-3          # pre-clamp gate values, ReLU inputs and inference thresholds stay this far from kinks
DEFAULTS = dict(gates="hardconcrete", responder_gate="on", hop_bias="on", prior="input", effect_gate="on",
                self_knockdown="on")
CASES = [  # (name, ablation overrides, AdamW steps)
    ("defaults", {}, 5),
    ("soft gates, no hop bias, no prior, no self-knockdown",
     dict(gates="soft", hop_bias="off", prior="none", self_knockdown="off"), 1),
    ("static graph, no responder or effect gate", dict(gates="none", responder_gate="off", effect_gate="off"), 1),
]
ABL = dict(DEFAULTS)   # the ablation of the case being computed


# ---- counter-based uniform noise: SplitMix64 mixing of (seed, purpose, step, id, index) ----
def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def uniform(seed, purpose, step, pid, index):
    h = mix((seed + GOLDEN) & MASK)
    for word in (purpose, step, pid, index):
        h = mix(h ^ mix((word + GOLDEN) & MASK))
    return EPS + (1 - 2 * EPS) * (((h >> 11) + 0.5) * 2.0 ** -53)


PURPOSE = dict(edge=1, responder=2, effect=3)


# ---- functions that work on complex numbers, branching on the real part ----
def relu(x):
    return np.where(x.real > 0, x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softplus(x):
    return np.where(x.real > 0, x + np.log1p(np.exp(-x)), np.log1p(np.exp(x)))


def layer_norm(x, gain, bias):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LN_EPS) * gain + bias


def hard_concrete(logit, u, record):
    """Training gate: clamp(sigmoid((logit(u) + s) / tau) (zeta - gamma) + gamma, 0, 1)."""
    pre = sigmoid((math.log(u) - math.log1p(-u) + logit) / TAU) * (ZETA - GAMMA) + GAMMA
    record.append(min(abs(pre.real), abs(pre.real - 1)))
    return np.where(pre.real <= 0, 0, np.where(pre.real >= 1, 1, pre))


def open_logit(s):
    return s - TAU * math.log(-GAMMA / ZETA)


# ---- the problem ----
def f32(x):
    """Data enters the Swift model as Float32: round it so both sides see identical inputs."""
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def make_problem(rng):
    names = [f"g{k}" for k in range(9)]
    # 0 is a hub; 5 is isolated; 6-7-8 a chain far from 0 (hops up to K + 1 and unreachable).
    undirected = [(a, b, float(f32(x))) for a, b, x in
                  [(0, 1, 0.9), (0, 2, 0.5), (0, 3, 0.7), (0, 4, 0.3), (2, 3, 1.0), (3, 6, 0.4), (6, 7, 0.8),
                   (7, 8, 0.6), (1, 4, 0.35)]]
    n = len(names)
    w = np.zeros((n, n))                      # w[v, u]: weight of edge u -> v
    for a, b, x in undirected:
        w[a, b] = w[b, a] = x
    edges = [(u, v) for v in range(n) for u in range(n) if w[v, u] > 0]   # in-edge CSR order: by target, then source
    gene_nodes = [0, 1, 2, 3, 6, 8]           # measured genes; 4, 5, 7 are unmeasured
    g = len(gene_nodes)
    f = 3
    problem = dict(
        node_names=names, undirected_edges=[[a, b, x] for a, b, x in undirected], edges=edges, w=w,
        features=f32(rng.normal(0, 1, (n, f))), gene_nodes=gene_nodes, control_mean=f32(rng.uniform(0, 2, g)),
        self_knockdown_init=-0.4)
    examples = []
    for k, targets in enumerate([[2], [5], [0, 4], [7], [1, 3]]):
        labels = (rng.uniform(size=g) < 0.4).astype(float)
        examples.append(dict(
            id=100 + k, targets=targets, cell_count=20, mean_expression=f32(rng.uniform(0, 2, g)),
            precision_weight=f32(rng.uniform(1, 5, g)), responder_label=labels,
            observed_delta=f32(rng.normal(0, 1, g) * (rng.uniform(size=g) > 0.2)), prior=f32(rng.normal(0, 0.4, g)),
            effect_label=float(k % 2 == 0)))
    return problem, examples


def parameter_shapes(n, f, g):
    prior = 2 if ABL["prior"] == "input" else 0
    shapes = {"input.embedding": (n, D), "input.feature.weight": (f, D), "input.norm.gain": (D,),
              "input.norm.bias": (D,), "code.hidden.weight": (D, D), "code.hidden.bias": (D,),
              "code.output.weight": (D, D), "code.output.bias": (D,)}
    if ABL["gates"] != "none":
        shapes |= {"context.source.weight": (D, D), "context.target.weight": (D, D), "context.log_weight_scale": (1,),
                   "context.hop_bias": (K + 2 if ABL["hop_bias"] == "on" else 1,)}
    for l in range(LAYERS):
        shapes |= {f"propagation.{l}.weight": (2 * D, D), f"propagation.{l}.bias": (D,),
                   f"propagation.{l}.norm.gain": (D,), f"propagation.{l}.norm.bias": (D,)}
    shapes |= {"decoder.effect.weight": (g, D + prior), "decoder.effect.bias": (g,)}
    if ABL["responder_gate"] == "on":
        shapes |= {"decoder.responder.weight": (g, D + prior), "decoder.responder.bias": (g,)}
    if ABL["effect_gate"] == "on":
        shapes |= {"effect_gate.weight": (D + prior // 2,), "effect_gate.bias": (1,)}
    if ABL["self_knockdown"] == "on":
        shapes |= {"self_knockdown.shift": (1,)}
    return shapes


def random_parameters(rng, shapes):
    theta = {}
    for name, shape in shapes.items():
        if name.endswith("norm.gain"):
            theta[name] = 1 + rng.normal(0, 0.2, shape)
        elif name == "context.hop_bias":
            theta[name] = rng.normal(-0.5, 1.5, shape)
        elif name == "context.log_weight_scale":
            theta[name] = np.array([1.0 + rng.normal(0, 0.2)])
        elif name == "decoder.responder.bias":
            theta[name] = rng.normal(-1, 1, shape)
        elif name == "self_knockdown.shift":
            theta[name] = np.array([-0.4])
        else:
            theta[name] = rng.normal(0, 0.8, shape)
    return theta


def hops(w, targets):
    n = w.shape[0]
    dist = [K + 1] * n
    frontier = list(dict.fromkeys(targets))
    for t in frontier:
        dist[t] = 0
    level = 0
    while frontier and level < K:
        level += 1
        nxt = []
        for v in frontier:
            for u in np.nonzero(w[v])[0]:
                if dist[u] > level:
                    dist[u] = level
                    nxt.append(u)
        frontier = nxt
    return dist


def perturbation_pass(th, prob, ex, step, train, margins, threshold=0.5):
    """One perturbation: returns (delta, q, effect-gate logit, edge scores, edge gates)."""
    w, gn = prob["w"], prob["gene_nodes"]
    e0 = layer_norm(th["input.embedding"] + prob["features"] @ th["input.feature.weight"],
                    th["input.norm.gain"], th["input.norm.bias"])
    code_in = 0
    for t in ex["targets"]:
        nbrs = np.nonzero(w[t])[0]
        code_in = code_in + e0[t] + (e0[nbrs].mean(axis=0) if len(nbrs) else 0)
    hidden_pre = code_in @ th["code.hidden.weight"] + th["code.hidden.bias"]
    margins.extend(np.abs(hidden_pre.real))
    z = relu(hidden_pre) @ th["code.output.weight"] + th["code.output.bias"]

    degree = w.sum(axis=1)
    scores, gates = [], []
    gate_matrix = np.zeros(w.shape, dtype=complex)
    if ABL["gates"] != "none":
        x = e0 * z
        a, b = x @ th["context.source.weight"], x @ th["context.target.weight"]
        dist = hops(w, ex["targets"]) if ABL["hop_bias"] == "on" else [0] * w.shape[0]
    for e, (u, v) in enumerate(prob["edges"]):
        if ABL["gates"] == "none":
            s, gate = 0, 1
        else:
            s = (a[u] @ b[v]) / math.sqrt(D) + th["context.log_weight_scale"][0] * math.log(w[v, u]) \
                + th["context.hop_bias"][dist[u]]
            if ABL["gates"] == "soft":
                gate = sigmoid(s)
            elif train:
                gate = hard_concrete(s, uniform(NOISE_SEED, PURPOSE["edge"], step, ex["id"], e), margins)
            else:
                gate = np.clip(sigmoid(s.real) * (ZETA - GAMMA) + GAMMA, 0, 1)
        scores.append(s)
        gates.append(gate)
        gate_matrix[v, u] = gate / math.sqrt(degree[u] * degree[v]) * w[v, u]

    h = e0.copy()
    for t in set(ex["targets"]):
        h[t] = h[t] + z
    for l in range(LAYERS):
        m = gate_matrix @ h
        pre = np.concatenate([h, m], axis=1) @ th[f"propagation.{l}.weight"] + th[f"propagation.{l}.bias"]
        margins.extend(np.abs(pre.real).ravel())
        h = layer_norm(h + relu(pre), th[f"propagation.{l}.norm.gain"], th[f"propagation.{l}.norm.bias"])

    r = ex["prior"]
    with_prior = ABL["prior"] == "input"
    o = np.concatenate([h[gn], r[:, None], np.abs(r)[:, None]], axis=1) if with_prior else h[gn]
    mu = (o * th["decoder.effect.weight"]).sum(axis=1) + th["decoder.effect.bias"]
    if ABL["responder_gate"] == "on":
        q = (o * th["decoder.responder.weight"]).sum(axis=1) + th["decoder.responder.bias"]
        if train:
            pi = np.array([hard_concrete(q[i], uniform(NOISE_SEED, PURPOSE["responder"], step, ex["id"], i), margins)
                           for i in range(len(gn))])
        else:
            p_open = sigmoid(open_logit(q.real))
            margins.extend(np.abs(p_open - threshold))
            pi = (p_open > threshold).astype(float)
    else:
        q, pi = None, np.ones(len(gn))
    if ABL["effect_gate"] == "on":
        gate_input = np.concatenate([z, [math.log10(np.abs(r).mean() + 1e-6)]]) if with_prior else z
        gate_logit = th["effect_gate.weight"] @ gate_input + th["effect_gate.bias"][0]
        if train:
            big_g = hard_concrete(gate_logit, uniform(NOISE_SEED, PURPOSE["effect"], step, ex["id"], 0), margins)
        else:
            g_open = sigmoid(open_logit(gate_logit.real))
            margins.append(abs(g_open - 0.5))
            big_g = float(g_open > 0.5)
    else:
        gate_logit, big_g = None, 1.0
    delta = big_g * pi * mu
    for t in ex["targets"]:
        if t in gn and ABL["self_knockdown"] == "on":
            i = gn.index(t)
            delta[i] = th["self_knockdown.shift"][0] + mu[i]
    return delta, q, gate_logit, np.array(scores), np.array(gates)


def loss_terms(th, prob, examples, step, margins):
    """The docs/model.md loss, every mean over this whole batch."""
    g, n_pert, n_edges = len(prob["gene_nodes"]), len(examples), len(prob["edges"])
    positives = sum(ex["responder_label"].sum() for ex in examples)
    terms = dict(effect=0, responder=0, effect_gate=0, l0=0, direction=0)
    deltas = []
    for ex in examples:
        delta, q, gate_logit, scores, _ = perturbation_pass(th, prob, ex, step, True, margins)
        deltas.append(delta)
        y = ex["responder_label"]
        terms["effect"] += (ex["precision_weight"] * (prob["control_mean"] + delta - ex["mean_expression"]) ** 2).sum() / (n_pert * g)
        if ABL["responder_gate"] == "on":
            oq = open_logit(q)
            terms["responder"] += (softplus(oq) - y * oq).sum() / (n_pert * g)
        if ABL["effect_gate"] == "on":
            og = open_logit(gate_logit)
            terms["effect_gate"] += (softplus(og) - ex["effect_label"] * og) / n_pert
        if ABL["gates"] == "hardconcrete":
            terms["l0"] += sigmoid(open_logit(scores)).sum() / (n_pert * n_edges)
        elif ABL["gates"] == "soft":
            terms["l0"] += sigmoid(scores).sum() / (n_pert * n_edges)
        sign = np.sign(ex["observed_delta"])
        if positives > 0:
            terms["direction"] += (y * softplus(-sign * delta / KAPPA)).sum() / positives
    terms["total"] = terms["effect"] + sum(LAMBDA[k] * terms[k] for k in LAMBDA)
    return terms, deltas


def flatten(theta, shapes):
    return np.concatenate([theta[k].ravel() for k in shapes])


def unflatten(vector, shapes):
    out, offset = {}, 0
    for name, shape in shapes.items():
        size = int(np.prod(shape))
        out[name] = vector[offset:offset + size].reshape(shape)
        offset += size
    return out


def complex_step_gradient(vector, shapes, prob, examples, step):
    h = 1e-30
    grad = np.zeros(vector.size)
    for k in range(vector.size):
        probe = vector.astype(complex)
        probe[k] += 1j * h
        grad[k] = loss_terms(unflatten(probe, shapes), prob, examples, step, [])[0]["total"].imag / h
    return grad


def learning_rate(step, total, warmup, base):
    if step < warmup:
        return base * (step + 1) / warmup
    t = min(max((step - warmup) / max(total - warmup, 1), 0), 1)
    return base * 0.5 * (1 + math.cos(math.pi * t))


def adamw(vector, grad, m, v, t, lr, decayed, beta1=0.9, beta2=0.999, eps=1e-8, wd=5e-4):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    update = (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps) + wd * decayed * vector
    return vector - lr * update, m, v


def listed(x):
    return [float(y) for y in np.ravel(x)]


def run_case(name, overrides, steps, prob, examples, rng):
    """Draws parameters until every kink is at the margin over all steps, then records the case."""
    ABL.clear()
    ABL.update(DEFAULTS | overrides)
    shapes = parameter_shapes(len(prob["node_names"]), prob["features"].shape[1], len(prob["gene_nodes"]))
    decayed = np.concatenate([np.full(int(np.prod(s)), float(n.endswith(".weight"))) for n, s in shapes.items()])
    total_steps, warmup, base_lr = 5, 2, 0.05
    for attempt in range(500):
        theta0 = random_parameters(rng, shapes)
        vector = flatten(theta0, shapes)
        m, v = np.zeros_like(vector), np.zeros_like(vector)
        margins, history, clamped = [1.0], [], [0, 0]
        predictions = [perturbation_pass(theta0, prob, ex, 0, False, margins) for ex in examples]
        for step in range(steps):
            th = unflatten(vector, shapes)
            terms, deltas = loss_terms(th, prob, examples, step, margins)
            if min(margins) <= MARGIN:
                break
            gates = np.concatenate([perturbation_pass(th, prob, ex, step, True, [])[4].real for ex in examples])
            clamped[0] += int((gates == 0).sum())
            clamped[1] += int((gates == 1).sum())
            grad = complex_step_gradient(vector, shapes, prob, examples, step)
            norm = float(np.sqrt((grad ** 2).sum()))
            clipped = grad * (1.0 / norm if norm > 1.0 else 1.0)
            lr = learning_rate(step, total_steps, warmup, base_lr)
            history.append(dict(step=step, loss={k: float(x.real) for k, x in terms.items()}, gradient_norm=norm,
                                lr=lr, gradients={n: listed(x) for n, x in unflatten(grad, shapes).items()},
                                deltas=[listed(d.real) for d in deltas]))
            vector, m, v = adamw(vector, clipped, m, v, step + 1, lr, decayed)
        if min(margins) > MARGIN and (ABL["gates"] != "hardconcrete" or min(clamped) > 0):
            break
    else:
        raise SystemExit(f"{name}: no parameter draw kept every kink at the margin")
    print(f"{name}: attempt {attempt}, min margin {min(margins):.2e}, edge gates clamped at 0/1: {clamped}")
    return dict(
        name=name, ablation=ABL.copy(), parameters={n: listed(x) for n, x in theta0.items()}, steps=history,
        final_parameters={n: listed(x) for n, x in unflatten(vector, shapes).items()},
        adam=dict(total_steps=total_steps, warmup_steps=warmup, base_lr=base_lr, weight_decay=5e-4, max_norm=1.0),
        predictions=[dict(delta=listed(d.real),
                          responder_probability=listed(sigmoid(open_logit(q.real))) if q is not None
                          else [1.0] * len(d),
                          effect_gate_probability=float(sigmoid(open_logit(gl.real))) if gl is not None else 1.0,
                          edge_gates=listed(np.real(gates)))
                     for d, q, gl, _, gates in predictions])


def main():
    np.seterr(over="ignore", invalid="ignore")   # exp overflow in the unused branch of np.where
    rng = np.random.default_rng(7)
    prob, examples = make_problem(rng)
    fixture = dict(
        description="make_reference.py: independent NumPy forward/loss, complex-step gradients, AdamW steps",
        config=dict(hidden=D, layers=LAYERS, hop_limit=K), noise_seed=NOISE_SEED,
        node_names=prob["node_names"], undirected_edges=prob["undirected_edges"],
        features=listed(prob["features"]), feature_count=int(prob["features"].shape[1]),
        gene_nodes=prob["gene_nodes"], control_mean=listed(prob["control_mean"]),
        self_knockdown_init=prob["self_knockdown_init"],
        examples=[dict(id=ex["id"], targets=ex["targets"], cell_count=ex["cell_count"],
                       mean_expression=listed(ex["mean_expression"]), precision_weight=listed(ex["precision_weight"]),
                       responder_label=listed(ex["responder_label"]), observed_delta=listed(ex["observed_delta"]),
                       prior=listed(ex["prior"]), effect_label=ex["effect_label"]) for ex in examples],
        cases=[run_case(name, overrides, steps, prob, examples, rng) for name, overrides, steps in CASES],
    )
    out = pathlib.Path(__file__).resolve().parents[1] / "ModelTests" / "Fixtures" / "adapert_reference.json"
    out.write_text(json.dumps(fixture, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
