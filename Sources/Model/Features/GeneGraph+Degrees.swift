extension GeneGraph {
    /// deg_v = sum of v's in-edge weights, accumulated in Float64 so that normalised operators built from it
    /// (D^-1/2 W D^-1/2, the PageRank transition matrix) are exact to double precision.
    func weightedDegreesInDouble() -> [Double] {
        (0..<nodeCount).map { v in weights[inOffsets[v]..<inOffsets[v + 1]].reduce(0.0) { $0 + Double($1) } }
    }
}
