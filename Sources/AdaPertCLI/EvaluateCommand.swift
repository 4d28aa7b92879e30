import ArgumentParser
import CellEval
import Core
import Dispatch
import DistTrain
import Foundation

/// `adapert evaluate`: cell-eval 0.8.2's metrics (DE by pdex 0.3.0), reimplemented, on a predicted and a real
/// .h5ad (docs/cli.md, docs/metrics.md).
public struct EvaluateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score predicted cells against real cells with cell-eval 0.8.2's metrics (reimplemented).",
        discussion: """
            Calls DEGs per perturbation vs control on both files (two-sided Mann-Whitney U, Benjamini-Hochberg \
            FDR < 0.05, as pdex 0.3.0) and writes results.csv (one row per perturbation), agg_results.csv \
            (cell-eval's describe() layout) and summary.json (means, plus strong/weak strata: >= 20 real DEGs). \
            Integer-valued input is normalised (median total, log1p) first, as cell-eval does.

            Examples:
              adapert evaluate --pred pred.h5ad --real real.h5ad --outdir eval/
              adapert evaluate --pred pred.h5ad --real real.h5ad --ceiling --outdir eval/
              adapert evaluate --synthetic 2000x2000x100x5000      (time the evaluator on generated data)
            """
    )

    @Option(help: "Predicted cells (.h5ad; control cells copied from the real data).")
    public var pred: String?

    @Option(help: "Real cells (.h5ad) with the same genes in the same order.")
    public var real: String?

    @Option(help: "Output folder.")
    var outdir: String = "eval"

    @Option(help: "obs column with the perturbation labels (default: auto-detected, target_gene first).")
    var perturbationKey: String?

    @Option(help: "The label of control cells if not one of non-targeting, ctrl, control, NT, ...")
    var control: String?

    @Flag(help: "Also compute the data ceiling from the real cells (disjoint halves + Spearman-Brown).")
    var ceiling = false

    @Option(help: "Seed of the ceiling's split.")
    var ceilingSeed: UInt64 = 0

    @Option(help: "A run's split.json: its combination categories (combo_seen0/1/2) become strata of summary.json.")
    var split: String?

    @Option(help: "Benchmark on generated data instead of files: PERTURBATIONSxGENESxCELLSxCONTROLCELLS.")
    var synthetic: String?

    public init() {}

    public func validate() throws {
        if synthetic == nil && (pred == nil || real == nil) {
            throw ValidationError("pass both --pred and --real (or --synthetic PxGxNxC to benchmark)")
        }
    }

    public func run() throws {
        let comm = try MPICommunicator.world()
        do { try evaluate(comm: comm) } catch { comm.failFast(error) }
    }

    /// Every rank reads both files; the perturbations are scored across the ranks; rank 0 writes and prints.
    func evaluate(comm: MPICommunicator) throws {
        let clock = ContinuousClock()
        let start = clock.now
        if comm.rank == 0 { try OutputFolder.create(outdir, chosenBy: "--outdir") }  // before the work, not after it
        let genes: [String], labels: [String], realSide: EvaluationSide, predSide: EvaluationSide
        if let synthetic {
            let shape = try Self.parseShape(synthetic)
            (genes, labels, realSide, predSide) = SyntheticPair.make(
                perturbations: shape[0], genes: shape[1], cellsPerPerturbation: shape[2], controlCells: shape[3])
        } else {
            let pair = try EvaluationPair(
                real: try EvaluationFile.read(real!, perturbationKey: perturbationKey, control: control),
                pred: try EvaluationFile.read(pred!, perturbationKey: perturbationKey, control: control,
                                              requireControlValue: false))
            (genes, labels, realSide, predSide) = (pair.genes, pair.labels, pair.real, pair.pred)
        }
        let categories = try splitCategories(labels: labels)
        let loaded = clock.now
        let result = try Evaluator.evaluate(genes: genes, labels: labels, real: realSide, pred: predSide, comm: comm)
        let evaluated = clock.now
        guard comm.rank == 0 else { return }
        let ceilingResult = ceiling ? try Ceiling.evaluate(genes: genes, labels: labels, real: realSide, seed: ceilingSeed) : nil
        try ResultFiles.write(result, ceiling: ceilingResult, categories: categories, to: URL(fileURLWithPath: outdir))
        let means = result.means()
        let show = { (m: MetricName) in ResultFiles.number(means[m] ?? nil) }
        print("evaluated \(labels.count) perturbations x \(genes.count) genes on \(comm.size) rank(s) -> \(outdir) "
            + "(input \(Self.seconds(loaded - start)) s, evaluate \(Self.seconds(evaluated - loaded)) s"
            + (ceiling ? ", ceiling \(Self.seconds(clock.now - evaluated)) s" : "") + ")")
        print("pearson_delta \(show(.pearsonDelta))  discrimination_score_l1 \(show(.discriminationL1))  "
            + "overlap_at_N \(show(.overlapAtN))  de_nsig_counts real/pred \(show(.nsigCountsReal))/\(show(.nsigCountsPred))")
        for (name, rows) in ResultFiles.strata(result, categories: categories).dropFirst(2) {
            let means = result.means(of: rows)
            let show = { (m: MetricName) in ResultFiles.number(means[m] ?? nil) }
            print("  \(name) (\(rows.count)): pearson_delta \(show(.pearsonDelta))  overlap_at_N \(show(.overlapAtN))")
        }
    }

    /// `--split`'s combination categories of the evaluated labels (none without `--split`).
    func splitCategories(labels: [String]) throws -> [String: String] {
        guard let split else { return [:] }
        let categories = try PerturbationSplit.read(from: split, source: "--split").categories ?? [:]
        guard !categories.isEmpty else {
            throw AdaPertError("\(split): no 'categories' (combo_seen0/1/2); only a run trained with data.split.unseen: "
                + "combinations records them; leave --split out for the other strata")
        }
        let evaluated = categories.filter { Set(labels).contains($0.key) }
        guard !evaluated.isEmpty else {
            throw AdaPertError("\(split): none of its categorised perturbations (\(categories.keys.sorted().prefix(3).joined(separator: ", ")), ...) "
                + "is among the \(labels.count) evaluated; pass the split.json of the run that made --pred")
        }
        return evaluated
    }

    static func parseShape(_ text: String) throws -> [Int] {
        let parts = text.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 > 1 }) else {
            throw AdaPertError("--synthetic '\(text)': expected PERTURBATIONSxGENESxCELLSxCONTROLCELLS, e.g. 2000x2000x100x5000")
        }
        // Both sides' cells are held as Float32, genes values a cell each.
        let (perturbed, overflow) = parts[0].multipliedReportingOverflow(by: parts[2])
        let (cells, overflowTotal) = perturbed.addingReportingOverflow(parts[3])
        let (bytesPerCell, overflowBytes) = parts[1].multipliedReportingOverflow(by: 8)
        try MemoryBudget.require(count: overflow || overflowTotal || overflowBytes ? Int.max : cells, bytesEach: bytesPerCell,
                                 for: "--synthetic '\(text)' (\(parts[1]) genes for each real and predicted cell)",
                                 fix: "ask for fewer perturbations, genes or cells")
        return parts
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.1f", d.seconds)
    }
}
