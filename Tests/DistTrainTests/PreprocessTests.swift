@testable import AnnData
@testable import Core
@testable import DistTrain
import Foundation
import Model
@testable import TestSupport
import Testing

/// A small deterministic count matrix (rows x cols) with zeros, and group codes cycling through `groups`.
func countMatrix(rows: Int, cols: Int, seed: UInt64 = 1) -> CSRMatrix {
    var rng = SplitMix64(seed: seed)
    var m = CSRMatrix(nCols: cols)
    for _ in 0..<rows {
        var indices: [Int32] = [], values: [Float] = []
        for c in 0..<cols where rng.nextUniform() < 0.6 {
            indices.append(Int32(c))
            values.append(Float(1 + rng.int(below: 2 + 3 * (c % 4))))
        }
        m.append(CSRMatrix(nRows: 1, nCols: cols, indptr: [0, Int64(indices.count)], indices: indices, values: values))
    }
    return m
}

private func halves(_ m: CSRMatrix) -> (CSRMatrix, CSRMatrix) {
    var parts: [CSRMatrix] = []
    try! InMemoryCells(matrix: m, groups: [Int32](repeating: 0, count: m.nRows), chunkRows: (m.nRows + 1) / 2)
        .forEachChunk { chunk, _ in parts.append(chunk) }
    return (parts[0], parts[1])
}

@Test func countsDetectionAndLibrarySizes() {
    var counts = CountsDetector()
    counts.add(countMatrix(rows: 5, cols: 4))
    #expect(counts.nonIntegerValues == 0 && counts.negativeValues == 0 && counts.storedValues > 0)
    var logged = CountsDetector()
    logged.add(CSRMatrix(nRows: 1, nCols: 2, indptr: [0, 3], indices: [0, 1, 1], values: [0.69, 1, -.nan]))
    #expect(logged.nonIntegerValues == 1 && logged.nonFiniteValues == 1 && logged.storedValues == 3)
    #expect(LibrarySize.median([0, 3, 1, 10]) == 3)
    #expect(LibrarySize.median([4, 2, 0, 8, 6]) == 5)
    let normalized = Log1pNormalizer(targetTotal: 8, inputIsCounts: true)
        .normalize(CSRMatrix(nRows: 1, nCols: 2, indptr: [0, 2], indices: [0, 1], values: [1, 3]))
    #expect(normalized.values == [Float(log1p(2.0)), Float(log1p(6.0))])
}

/// The accumulators' bounds for a log1p matrix: its row count and largest value.
private func bounds(of m: CSRMatrix) -> SumBounds {
    SumBounds(cells: Double(m.nRows), log1pValue: Double(m.values.max() ?? 0))
}

/// Split into parts and merged, the accumulators hold the same bits as one pass over the whole: their terms
/// are rounded to a SummationGrid, so the order of the additions does not matter.
@Test func chunkedAccumulatorsEqualOneShotOnesBitForBit() throws {
    let m = Log1pNormalizer(targetTotal: 10, inputIsCounts: true).normalize(countMatrix(rows: 41, cols: 7))
    let (a, b) = halves(m)
    let groups = (0..<m.nRows).map { Int32($0 % 3) - 1 }   // -1 (skipped), 0, 1
    let genes = GeneSubset(columns: [5, 0, 3], inputColumns: 7)

    var whole = try GroupStatisticsAccumulator(groupCount: 2, genes: genes, bounds: bounds(of: m))
    whole.add(log1pChunk: m, groupOfRow: groups)
    var first = try GroupStatisticsAccumulator(groupCount: 2, genes: genes, bounds: bounds(of: m))
    first.add(log1pChunk: a, groupOfRow: Array(groups[..<a.nRows]))
    var second = try GroupStatisticsAccumulator(groupCount: 2, genes: genes, bounds: bounds(of: m))
    second.add(log1pChunk: b, groupOfRow: Array(groups[a.nRows...]))
    second.merge(first)  // the second half first: another order of the same terms
    #expect(second.buffer == whole.buffer)
    let g0 = whole.statistics(group: 0)
    let rows0 = (0..<m.nRows).filter { groups[$0] == 0 }
    #expect(g0.count == Double(rows0.count))
    #expect(abs(g0.sum[0] - rows0.reduce(0.0) { $0 + Double(m.denseRow($1)[5]) }) < 1e-9)

    var momentsWhole = GeneMomentsAccumulator(geneCount: 7, bounds: bounds(of: m))
    momentsWhole.add(log1pChunk: m)
    var momentsA = GeneMomentsAccumulator(geneCount: 7, bounds: bounds(of: m))
    var momentsB = GeneMomentsAccumulator(geneCount: 7, bounds: bounds(of: m))
    momentsA.add(log1pChunk: a)
    momentsB.add(log1pChunk: b)
    momentsB.merge(momentsA)
    #expect(momentsB.buffer == momentsWhole.buffer)
    let x0 = (0..<m.nRows).reduce(0.0) { $0 + expm1(Double(m.denseRow($1)[0])) }
    #expect(abs(momentsWhole.buffer[1] - x0) < 1e-9 * x0)
}

/// The grid's rounding: multiples of the unit, at most half a unit away, and sums exact in any order.
@Test func summationGridSumsDoNotDependOnTheirOrder() {
    let grid = SummationGrid(bound: 1000)
    #expect(grid.unit == 0x1p-41)  // 2^(ceil(log2 1000) - 51) = 2^(10 - 51)
    var rng = SplitMix64(seed: 3)
    let terms = (0..<1000).map { _ in (rng.nextUniform() * 2 - 1) * 0.999 }
    let rounded = terms.map(grid.round)
    for (x, r) in zip(terms, rounded) {
        #expect(abs(x - r) <= grid.unit / 2)
        #expect((r / grid.unit).rounded() == r / grid.unit)
    }
    let forward = rounded.reduce(0, +)
    #expect(rounded.reversed().reduce(0, +) == forward)
    #expect(rounded.sorted().reduce(0, +) == forward)
    #expect(terms.reduce(0, +) != terms.sorted().reduce(0, +), "plain sums of these terms depend on the order")
    #expect(SummationGrid(bound: 0).round(0) == 0)
}

/// The sparse centred Gram product against dense (X - mu)^T (X - mu) X on the chosen rows, and split over two
/// ranks (disjoint row sets) whose sum is the whole, bit for bit.
@Test func centredGramProductMatchesTheDenseOne() throws {
    let m = Log1pNormalizer(targetTotal: 10, inputIsCounts: true).normalize(countMatrix(rows: 41, cols: 7))
    let rows = (0..<m.nRows).filter { $0 % 3 != 1 }
    let dense = rows.map { r in m.denseRow(r).map(Double.init) }
    let g = 7, b = 3
    let mean = (0..<g).map { j in dense.reduce(0.0) { $0 + $1[j] } / Double(rows.count) }
    var rng = SplitMix64(seed: 9)
    let x = (0..<(g * b)).map { _ in rng.nextNormal() }   // column-major G x b
    var expected = [Double](repeating: 0, count: g * b)
    for row in dense {
        let centred = (0..<g).map { row[$0] - mean[$0] }
        for c in 0..<b {
            let t = (0..<g).reduce(0.0) { $0 + centred[$1] * x[c * g + $1] }
            for j in 0..<g { expected[c * g + j] += centred[j] * t }
        }
    }
    // One rank holding every row, then two ranks holding disjoint rows: the same bits.
    func product(ranks: Int, rowsOf: @escaping @Sendable (Int) -> [Int]) throws -> [Double] {
        try LocalCommunicator.run(size: ranks) { comm in
            let gram = try CentredGram(cells: m, rows: rowsOf(comm.rank), mean: mean, rowCount: Double(rows.count),
                                       largestValue: Double(m.values.max() ?? 0), reducer: CommunicatorReducer(comm))
            var y = [Double](repeating: .nan, count: g * b)
            try x.withUnsafeBufferPointer { xp in try y.withUnsafeMutableBufferPointer {
                try gram.product(xp.baseAddress!, $0.baseAddress!, columns: b)
            } }
            return y
        }[0]
    }
    let whole = try product(ranks: 1) { _ in rows }
    let split = try product(ranks: 2) { rank in rows.filter { ($0 < 20) == (rank == 0) } }
    #expect(split == whole)
    for i in expected.indices { #expect(abs(whole[i] - expected[i]) <= 1e-10 * max(1, abs(expected[i]))) }
}

@Test func seuratHVGPicksOverdispersedGenesAndKeepsTargets() {
    // 6 genes, similar means; gene 4 is far more variable than the rest.
    var moments = GeneMomentsAccumulator(geneCount: 6, bounds: SumBounds(cells: 40, log1pValue: log1p(7.8)))
    var m = CSRMatrix(nCols: 6)
    for r in 0..<40 {
        var row = [Float](repeating: 0, count: 6)
        for g in 0..<6 {
            let normalized: Double = g == 4 ? (r % 2 == 0 ? 0.2 : 7.8) : 4 + Double((r + g) % 3) * 0.2
            row[g] = Float(log1p(normalized))
        }
        m.append(CSRMatrix(nRows: 1, nCols: 6, indptr: [0, 6], indices: [0, 1, 2, 3, 4, 5], values: row))
    }
    moments.add(log1pChunk: m)
    #expect(HighlyVariableGenes.seurat(moments, top: 1, alwaysKeep: [2], bins: 1) == [2, 4])
    #expect(HighlyVariableGenes.seurat(moments, top: nil) == Array(0..<6))
    #expect(HighlyVariableGenes.seurat(moments, top: 0) == Array(0..<6))
}

@Test func pipelineResultDoesNotDependOnChunking() throws {
    let m = countMatrix(rows: 60, cols: 12)
    let groups = (0..<60).map { Int32($0 % 4) - 1 }
    let options = PreprocessingOptions(hvg: 6, alwaysKeep: [11], groupCount: 3)
    let (small, smallGroups) = try Preprocessing.run(InMemoryCells(matrix: m, groups: groups, chunkRows: 7), options: options, file: "m")
    let (large, largeGroups) = try Preprocessing.run(InMemoryCells(matrix: m, groups: groups, chunkRows: 1000), options: options, file: "m")
    #expect(small.isCounts && small.genes == large.genes && small.genes.columns.contains(11))
    #expect(small.normalizer == large.normalizer)
    #expect(smallGroups.buffer == largeGroups.buffer)
    #expect(smallGroups.statistics(group: 2).count == 15)
    let totals = (0..<60).filter { groups[$0] >= 0 }.map { r in m.denseRow(r).reduce(0.0) { $0 + Double($1) } }
    #expect(small.normalizer.targetTotal == LibrarySize.median(totals))
}

@Test func negativeValuesAreRefused() {
    let m = CSRMatrix(nRows: 1, nCols: 2, indptr: [0, 1], indices: [0], values: [-1])
    #expect(throws: AdaPertError.self) {
        try Preprocessing.run(InMemoryCells(matrix: m, groups: [0]), options: PreprocessingOptions(hvg: nil, groupCount: 1), file: "m")
    }
}

@Test(arguments: [Float.nan, .infinity, -.infinity])
func nonFiniteValuesAreRefused(value: Float) {
    let m = CSRMatrix(nRows: 2, nCols: 2, indptr: [0, 1, 2], indices: [0, 1], values: [3, value])
    let error = #expect(throws: AdaPertError.self) {
        try Preprocessing.run(InMemoryCells(matrix: m, groups: [0, 0]), options: PreprocessingOptions(hvg: nil, groupCount: 1), file: "m")
    }
    #expect(error?.message.contains("1 NaN or infinite and 0 negative values") == true)
}

/// Raw counts with one damaged fractional value are neither counts nor log1p; an all-zero matrix holds nothing.
@Test func aMatrixNeitherCountsNorLog1pIsRefused() throws {
    for (values, message) in [([Float(3), 200, 7.5], "1 of 3 stored values are not integers"),
                              ([0, 0, 0], "no non-zero value")] {
        let m = CSRMatrix(nRows: 3, nCols: 1, indptr: [0, 1, 2, 3], indices: [0, 0, 0], values: values)
        let error = #expect(throws: AdaPertError.self) {
            try Preprocessing.run(InMemoryCells(matrix: m, groups: [0, 0, 0]), options: PreprocessingOptions(hvg: nil, groupCount: 1), file: "m")
        }
        #expect(error?.message.hasPrefix("m: the expression matrix") == true && error?.message.contains(message) == true,
                "\(error?.message ?? "")")
    }
    let logged = CSRMatrix(nRows: 2, nCols: 1, indptr: [0, 1, 2], indices: [0, 0], values: [0.5, 14.9])
    #expect(try !Preprocessing.run(InMemoryCells(matrix: logged, groups: [0, 0]), options: PreprocessingOptions(hvg: nil, groupCount: 1), file: "m").result.isCounts)
}

@Test func statisticsLargerThanMemoryAreRefusedBeforeAllocating() {
    let error = #expect(throws: AdaPertError.self) {
        try GroupStatisticsAccumulator(groupCount: 2_000_000, genes: GeneSubset(columns: Array(0..<30_000), inputColumns: 30_000),
                                       bounds: SumBounds(cells: 2_000_000, log1pValue: 10))
    }
    #expect(error?.message.contains("data.perturbation_key") == true)
}

/// A label column with about one label per cell (a barcode column passed as data.perturbation_key) is
/// refused before any per-label work, which would grow with cells².
@Test func aLabelPerCellIsNotAPerturbationColumn() throws {
    try TestFiles.withTemporaryDirectory { dir in
        let path = dir.appendingPathComponent("barcodes.h5ad").path
        let cells = 1_500
        let labels = (0..<cells).map { $0 % 10 == 0 ? "non-targeting" : "CELL\($0)" }
        let writer = try AnnDataWriter(path: path, varNames: ["A"])
        try writer.appendRows(CSRMatrix(nRows: cells, nCols: 1, indptr: [Int64](repeating: 0, count: cells + 1), indices: [], values: []),
                              obs: ["barcode": .strings(labels)])
        try writer.finish()
        var config = RunConfig()
        config.data.perturbationKey = "barcode"
        let annotation = try PreparedRun.annotation(of: try AnnDataFile(path: path), config: config)
        let error = #expect(throws: AdaPertError.self) { try annotation.requireCellsPerLabel(fileName: path) }
        #expect(error?.message.contains("obs['barcode'] has 1351 labels for 1500 cells") == true, "\(error?.message ?? "")")
    }
}
