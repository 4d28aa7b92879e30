// ModelBench: times forward + backward steps of the AdaPert network at a genome-scale batch shape on
// one core and relates them to this machine's one-core sgemm rate at the model's own GEMM shapes.
//
//   swift build -c release --product ModelBench
//   OPENBLAS_NUM_THREADS=1 .build/release/ModelBench [--json] [--genes 5000] [--nodes 8000] [--degree 20]
//       [--perturbations 32] [--hidden 64] [--layers 2] [--warmup 2] [--steps 5] [--sgemm-only]
//
// --no-sgemm skips the sgemm timing (MFU then unknown), so that a profile of the run holds only the steps.
// --sgemm-only times the GEMM shapes alone (e.g. once per OPENBLAS_CORETYPE to compare kernel sets).
// Like `adapert`, the bench first lets BLASKernel.selectBestCore fix a core type below the CPU (re-executing
// itself with OPENBLAS_CORETYPE set); --blas-reexec-demo pretends OpenBLAS detected Prescott, to show it.
//
// MFU = FLOPs per step (StepCost) / median step time / sgemm rate, where the sgemm rate is the step's own
// GEMM list (same m, n, k, transposes, counts) timed alone on fresh buffers: the time the step would take
// if every counted FLOP ran as fast as its matrix products. Both are timed twice: wall clock (the MFU of
// issue 9) and this thread's CPU time (BLAS runs in the calling thread), whose ratio holds on a shared,
// oversubscribed machine where the wall clock also counts other processes' turns.
import COpenBLAS
import Foundation
import Model

struct Options {
    var genes = 5000, nodes = 8000, degree = 20, perturbations = 32, hidden = 64, layers = 2
    var warmup = 2, steps = 5, seed: UInt64 = 1
    var json = false, sgemmOnly = false, reexecDemo = false, noSGEMM = false

    init(_ arguments: [String]) {
        var i = 0
        func value() -> Int {
            i += 1
            guard i < arguments.count, let v = Int(arguments[i]) else { fatalError("\(arguments[i - 1]) needs a number") }
            return v
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--json": json = true
            case "--sgemm-only": sgemmOnly = true
            case "--no-sgemm": noSGEMM = true
            case "--blas-reexec-demo": reexecDemo = true
            case "--genes": genes = value()
            case "--nodes": nodes = value()
            case "--degree": degree = value()
            case "--perturbations": perturbations = value()
            case "--hidden": hidden = value()
            case "--layers": layers = value()
            case "--warmup": warmup = value()
            case "--steps": steps = value()
            case "--seed": seed = UInt64(value())
            default: fatalError("unknown option \(arguments[i]) (see the comment at the top of main.swift)")
            }
            i += 1
        }
        precondition(genes <= nodes, "--genes must not exceed --nodes")
    }
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func minorFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
}

/// A random graph over N nodes with about `degree` neighbours each (degree / 2 random partners per node,
/// symmetrised), weights in (0.1, 1]; nodes 0..<G are the measured genes, as in a prepared run.
func problem(_ o: Options) -> (ModelContext, [PerturbationExample]) {
    var rng = SplitMix64(seed: o.seed)
    func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    var edges: [(Int, Int, Float)] = []
    for u in 0..<o.nodes {
        for _ in 0..<(o.degree / 2) { edges.append((u, below(o.nodes), Float(0.1 + 0.9 * rng.nextUniform()))) }
    }
    let graph = GeneGraph(nodeNames: (0..<o.nodes).map { "n\($0)" }, undirectedEdges: edges)
    let features = 48  // 32 PCA + 16 spectral columns, as a prepared run has
    let context = ModelContext(graph: graph,
                               nodeFeatures: (0..<(o.nodes * features)).map { _ in Float(rng.nextNormal() * 0.1) },
                               featureCount: features, geneNodes: Array(0..<o.genes),
                               controlMean: (0..<o.genes).map { _ in Float(2 * rng.nextUniform()) },
                               selfKnockdownInit: -0.4)
    let g = o.genes
    let examples = (0..<o.perturbations).map { k -> PerturbationExample in
        let targets = k % 4 == 3 ? [below(o.nodes), below(o.nodes)] : [below(o.nodes)]
        return PerturbationExample(
            id: 1000 + k, targets: Array(Set(targets)).sorted(), cellCount: 64,
            meanExpression: (0..<g).map { _ in Float(2 * rng.nextUniform()) },
            precisionWeight: (0..<g).map { _ in Float(1 + 4 * rng.nextUniform()) },
            responderLabel: (0..<g).map { _ in rng.nextUniform() < 0.1 ? 1 : 0 },
            observedDelta: (0..<g).map { _ in Float(rng.nextNormal() * 0.3) },
            prior: (0..<g).map { _ in Float(rng.nextNormal() * 0.2) },
            effectLabel: k % 3 == 0 ? 0 : 1)
    }
    return (context, examples)
}

/// One GEMM of the step: row-major op(A) m x k times op(B) k x n, `count` times per step.
struct GEMMShape {
    let transA: Bool, transB: Bool, m: Int, n: Int, k: Int, count: Int
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    var label: String { "\(transA ? "T" : "N")\(transB ? "T" : "N") \(m)x\(n)x\(k) x\(count)" }
}

/// The large GEMMs of one forward + backward (Linear.forward/backward calls; the P-row MLP is negligible).
func stepGEMMs(_ o: Options, features f: Int) -> [GEMMShape] {
    let r = o.perturbations * o.nodes, d = o.hidden, l = o.layers
    return [
        GEMMShape(transA: false, transB: false, m: r, n: d, k: d, count: 2),       // a = x W_a, b = x W_b
        GEMMShape(transA: false, transB: false, m: r, n: d, k: 2 * d, count: l),   // [h; m] W_l
        GEMMShape(transA: true, transB: false, m: d, n: d, k: r, count: 2),        // dW_a, dW_b
        GEMMShape(transA: false, transB: true, m: r, n: d, k: d, count: 2),        // dx
        GEMMShape(transA: true, transB: false, m: 2 * d, n: d, k: r, count: l),    // dW_l
        GEMMShape(transA: false, transB: true, m: r, n: 2 * d, k: d, count: l),    // d[h; m]
        GEMMShape(transA: false, transB: false, m: o.nodes, n: d, k: f, count: 1), // F W_f
        GEMMShape(transA: true, transB: false, m: f, n: d, k: o.nodes, count: 1),  // dW_f
    ]
}

/// Best-of-4 wall and CPU seconds of one sgemm of this shape (beta = 1, as the backward accumulates).
func timeSGEMM(_ s: GEMMShape) -> (wall: Double, cpu: Double) {
    let rowsA = s.transA ? s.k : s.m, colsA = s.transA ? s.m : s.k
    let rowsB = s.transB ? s.n : s.k, colsB = s.transB ? s.k : s.n
    var rng = SplitMix64(seed: 7)
    let a = (0..<(rowsA * colsA)).map { _ in Float(rng.nextUniform() - 0.5) }
    let b = (0..<(rowsB * colsB)).map { _ in Float(rng.nextUniform() - 0.5) }
    var c = [Float](repeating: 0, count: s.m * s.n)
    var best = Double.infinity, bestCPU = Double.infinity
    for _ in 0..<4 {
        let t0 = now(), c0 = cpuNow()
        cblas_sgemm(CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans, s.transB ? CblasTrans : CblasNoTrans,
                    Int32(s.m), Int32(s.n), Int32(s.k), 1, a, Int32(colsA), b, Int32(colsB), 1, &c, Int32(s.n))
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpuNow() - c0)
    }
    return (best, bestCPU)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
BLASKernel.selectBestCore(assumeDetected: options.reexecDemo ? "Prescott" : nil) {
    print("ModelBench: \($0)")
}
if getenv("OPENBLAS_NUM_THREADS") == nil { BLASThreads.runInCallingThread() }
let blas = BLASKernel.summary()
let setupStart = now()
let (context, examples) = problem(options)
var config = ModelConfig()
config.hidden = options.hidden
config.layers = options.layers
let model = AdaPertNetwork(config: config, context: context, seed: 1)
let setupSeconds = now() - setupStart
let cost = model.stepCost(perturbations: options.perturbations)
let normaliser = BatchNormaliser(examples)

let gemms = stepGEMMs(options, features: context.featureCount)
let gemmBoth = options.noSGEMM ? gemms.map { _ in (wall: Double.nan, cpu: Double.nan) } : gemms.map(timeSGEMM)
let gemmTimes = gemmBoth.map(\.wall)
let gemmFlops = zip(gemms, gemmTimes).reduce(0.0) { $0 + $1.0.flops * Double($1.0.count) }
let gemmSeconds = zip(gemms, gemmTimes).reduce(0.0) { $0 + $1.1 * Double($1.0.count) }
let gemmCPUSeconds = zip(gemms, gemmBoth).reduce(0.0) { $0 + $1.1.cpu * Double($1.0.count) }
let sgemmRate = gemmFlops / gemmSeconds, sgemmCPURate = gemmFlops / gemmCPUSeconds

if options.sgemmOnly {
    print("\(BLASKernel.coreName): sgemm at the step's GEMM shapes \(String(format: "%.1f", sgemmRate / 1e9)) GFLOP/s wall, "
          + "\(String(format: "%.1f", sgemmCPURate / 1e9)) GFLOP/s CPU time (per shape, CPU time: "
          + zip(gemms, gemmBoth).map { String(format: "%.1f", $0.flops / $1.cpu / 1e9) }.joined(separator: " ") + ")")
    exit(0)
}

var times: [Double] = [], cpuTimes: [Double] = [], losses: [Double] = [], faults: [Int] = []
for step in 0..<(options.warmup + options.steps) {
    let f0 = minorFaults(), t0 = now(), c0 = cpuNow()
    model.store.zeroGrad()
    let loss = model.forwardBackward(examples, normaliser: normaliser, step: step, noiseSeed: 5)
    let elapsed = now() - t0, cpu = cpuNow() - c0
    losses.append(loss.total)
    if step >= options.warmup {
        times.append(elapsed)
        cpuTimes.append(cpu)
        faults.append(minorFaults() - f0)
    }
}
let stepSeconds = median(times)!, stepCPUSeconds = median(cpuTimes)!
let achieved = Double(cost.total) / stepSeconds
let mfu = achieved / sgemmRate
let mfuCPU = Double(cost.total) / stepCPUSeconds / sgemmCPURate

let graph = context.graph
if options.json {
    let perShape = zip(gemms, gemmTimes).map { s, t in
        "{\"shape\":\"\(s.label)\",\"gflops\":\(String(format: "%.2f", s.flops / t / 1e9))}"
    }.joined(separator: ",")
    print("""
    {"genes":\(options.genes),"nodes":\(graph.nodeCount),"edges":\(graph.edgeCount),\
    "perturbations":\(options.perturbations),"hidden":\(options.hidden),"layers":\(options.layers),\
    "parameters":\(model.store.parameters.count),\
    "blas_core":"\(BLASKernel.coreName)","flops_per_step":\(cost.total),"flops_gemm":\(cost.gemm),\
    "flops_aggregation":\(cost.aggregation),"flops_edge_scoring":\(cost.edgeScoring),"flops_decoder":\(cost.decoder),\
    "step_seconds_median":\(String(format: "%.4f", stepSeconds)),\
    "step_seconds":[\(times.map { String(format: "%.4f", $0) }.joined(separator: ","))],\
    "achieved_gflops":\(String(format: "%.2f", achieved / 1e9)),"sgemm_gflops":\(String(format: "%.2f", sgemmRate / 1e9)),\
    "mfu":\(String(format: "%.4f", mfu)),"step_cpu_seconds_median":\(String(format: "%.4f", stepCPUSeconds)),\
    "sgemm_cpu_gflops":\(String(format: "%.2f", sgemmCPURate / 1e9)),"mfu_cpu_time":\(String(format: "%.4f", mfuCPU)),"minor_faults_per_step":[\(faults.map(String.init).joined(separator: ","))],\
    "activation_allocations":\(model.activationAllocations),"activation_bytes":\(model.activationBytes),\
    "loss_step0":\(String(format: "%.17g", losses[0])),"sgemm_shapes":[\(perShape)]}
    """)
} else {
    print(blas)
    print("shape: G \(options.genes), N \(graph.nodeCount), E \(graph.edgeCount) directed, P \(options.perturbations), "
          + "d \(options.hidden), L \(options.layers), F \(context.featureCount) (setup \(String(format: "%.1f", setupSeconds)) s)")
    for (s, t) in zip(gemms, gemmTimes) {
        print("  sgemm \(s.label): \(String(format: "%.1f", s.flops / t / 1e9)) GFLOP/s")
    }
    print(String(format: "sgemm at the step's GEMM shapes: %.1f GFLOP/s (GEMMs alone %.3f s/step)", sgemmRate / 1e9,
                 gemmSeconds))
    print(String(format: "FLOPs/step: %.3f G (GEMM %.3f, aggregation %.3f, edge scoring %.3f, decoder %.3f)",
                 Double(cost.total) / 1e9, Double(cost.gemm) / 1e9, Double(cost.aggregation) / 1e9,
                 Double(cost.edgeScoring) / 1e9, Double(cost.decoder) / 1e9))
    print("step seconds: " + times.map { String(format: "%.3f", $0) }.joined(separator: " ")
          + String(format: " (median %.3f after %d warm-up)", stepSeconds, options.warmup))
    print(String(format: "achieved %.1f GFLOP/s, MFU %.3f", achieved / 1e9, mfu))
    print(String(format: "CPU time: step median %.3f s, sgemm %.1f GFLOP/s, MFU %.3f", stepCPUSeconds,
                 sgemmCPURate / 1e9, mfuCPU))
    print("minor page faults per step: " + faults.map(String.init).joined(separator: " "))
    print(String(format: "activation arena: %d allocation(s) over %d steps, %.1f MB",
                 model.activationAllocations, options.warmup + options.steps, Double(model.activationBytes) / 1e6))
    print(String(format: "loss of step 0: %.17g", losses[0]))
}
