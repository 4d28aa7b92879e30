@testable import CellEval
import Foundation
import Model
import Testing

/// Reference values computed once with scipy 1.17.1 (`scipy.stats.mannwhitneyu(x, y, method="asymptotic")`,
/// `scipy.stats.false_discovery_control(ps)`), the functions pdex 0.3.0 / numba_mwu 0.2.0 reproduce.
@Suite struct DETests {
    /// One-gene cells from a list of values.
    private func column(_ v: [Float]) -> CellMatrix { CellMatrix(rows: v.count, columns: 1, values: v) }

    private func pValue(_ x: [Float], _ y: [Float]) -> Double {
        DETable(group: column(x), control: ControlReference(control: column(y))).pValues[0]
    }

    @Test func mannWhitneyMatchesScipyWithTies() {
        // mannwhitneyu([0,0,1.5,2,2,3.1], [0,0,0,1.5,0.5,0,2,0.7]) -> 0.22375567273963004
        let p = pValue([0, 0, 1.5, 2.0, 2.0, 3.1], [0, 0, 0, 1.5, 0.5, 0, 2.0, 0.7])
        #expect(abs(p - 0.22375567273963004) < 1e-15)
        // mannwhitneyu([0.5,0.6,0.9,1.2], [0.1,0.2,0.3,0.35,0.4,0.45]) -> 0.014214038869082046
        #expect(abs(pValue([0.5, 0.6, 0.9, 1.2], [0.1, 0.2, 0.3, 0.35, 0.4, 0.45]) - 0.014214038869082046) < 1e-15)
    }

    @Test func sparseSortPlacesZerosBetweenSigns() {
        var v: [Float] = [0, 3, -1, 0, 2, 0, -4, 1]
        v.withUnsafeMutableBufferPointer { SparseSort.sort($0) }
        #expect(v == [-4, -1, 0, 0, 0, 1, 2, 3])
        var many = (0..<120).map { Float(($0 * 37) % 50) - 10 }
        let expected = many.sorted()
        many.withUnsafeMutableBufferPointer { SparseSort.sort($0) }
        #expect(many == expected)
    }

    @Test func allTiedGivesOne() {
        #expect(pValue([0, 0, 0], [0, 0, 0, 0]) == 1)
    }

    @Test func benjaminiHochbergMatchesScipy() {
        // false_discovery_control([0.01,0.04,0.03,0.2,0.5,0.04]) -> [0.06,0.06,0.06,0.24,0.5,0.06]
        let q = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.2, 0.5, 0.04])
        for (a, b) in zip(q, [0.06, 0.06, 0.06, 0.24, 0.5, 0.06]) { #expect(abs(a - b) < 1e-15) }
        #expect(BenjaminiHochberg.adjust([0.3]) == [0.3])
    }

    @Test func foldChangeFromGeometricMeans() {
        // log2(expm1(log1p(3)) / expm1(log1p(1))) = log2(3)
        let fc = DETable.log2FoldChange(groupMean: Float(3).log1pValue, controlMean: Float(1).log1pValue)
        #expect(abs(fc - 1.5849625) < 1e-5)
        #expect(DETable.log2FoldChange(groupMean: 0, controlMean: 0) == 0)
        #expect(DETable.log2FoldChange(groupMean: 0.5, controlMean: 0) == .infinity)
        #expect(DETable.log2FoldChange(groupMean: 0, controlMean: 0.5) == -.infinity)
    }

    @Test func significanceUsesFloat32AndRankTiesKeepGeneOrder() {
        // Float(0.04999999) < Float(0.05) but Float(0.0500000001) == Float(0.05): cell-eval's Float32 cast.
        let table = DETable(pValues: [0.001, 0.001, 0.001, 0.9], log2FoldChange: [1, -2, 2, 5])
        #expect(table.rankedSignificant == [1, 2, 0])
        #expect(!(Float(0.0500000001) < DETable.fdrThreshold))
        #expect(Float(0.04999999) < DETable.fdrThreshold)
    }
}

private extension Float {
    var log1pValue: Float { Float(Foundation.log1p(Double(self))) }
}

