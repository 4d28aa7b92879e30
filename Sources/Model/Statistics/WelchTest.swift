/// Welch's unequal-variance t test of a perturbation's cells against the control cells, per gene, from
/// sufficient statistics (docs/model.md, "Loss").
public struct WelchTest: Equatable, Sendable {
    /// Variance floor: each group's variance is raised to at least this before dividing.
    public static let varianceFloor = 1e-8

    /// t_i = (mean_p - mean_c) / sqrt(v_p / n_p + v_c / n_c) with unbiased variances floored at 1e-8;
    /// t_i = 0 (p = 1) where both variances are at or below the floor (the pooled variance is 0) or a group
    /// has fewer than 2 cells.
    public let t: [Double]
    /// Welch–Satterthwaite degrees of freedom
    /// (v_p/n_p + v_c/n_c)^2 / ((v_p/n_p)^2 / (n_p - 1) + (v_c/n_c)^2 / (n_c - 1)).
    public let degreesOfFreedom: [Double]
    /// Two-sided p-values from Student's t with those degrees of freedom.
    public let pValues: [Double]

    public init(perturbation p: GroupStatistics, control c: GroupStatistics) {
        precondition(p.geneCount == c.geneCount, "gene counts differ")
        let meanP = p.mean(), meanC = c.mean(), varP = p.variance(), varC = c.variance()
        let testable = p.count >= 2 && c.count >= 2
        var t = [Double](repeating: 0, count: p.geneCount)
        var df = [Double](repeating: 0, count: p.geneCount)
        var pv = [Double](repeating: 1, count: p.geneCount)
        let floor = WelchTest.varianceFloor
        for g in 0..<p.geneCount where testable && (varP[g] > floor || varC[g] > floor) {
            let sp = max(varP[g], floor) / p.count, sc = max(varC[g], floor) / c.count
            let se2 = sp + sc
            t[g] = (meanP[g] - meanC[g]) / se2.squareRoot()
            df[g] = se2 * se2 / (sp * sp / (p.count - 1) + sc * sc / (c.count - 1))
            pv[g] = StudentT.twoSidedPValue(t: t[g], degreesOfFreedom: df[g])
        }
        self.t = t
        self.degreesOfFreedom = df
        self.pValues = pv
    }
}
