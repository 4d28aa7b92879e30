/// The fixed node features f_u of docs/model.md step 1: [PCA loadings (k_pca columns) | spectral embedding
/// (k_spec columns)], N x (k_pca + k_spec) row-major Float, with zeros in the PCA part of nodes that are not
/// measured genes. Nodes 0..<G are the measured genes in gene order (the layout of the induced graph).
public struct NodeFeatures: Sendable {
    public let values: [Float]
    public let nodeCount: Int
    public let pcaColumns: Int
    public let spectralColumns: Int
    public var width: Int { pcaColumns + spectralColumns }

    /// `measuredNode[g]` is the node index of measured gene g.
    public init(pca: PCALoadings, spectral: SpectralEmbedding, measuredNode: [Int]) {
        precondition(measuredNode.count == pca.geneCount, "one node index per measured gene")
        let n = spectral.vectors.count / max(spectral.dimensions, 1)
        let kp = pca.componentCount, ks = spectral.dimensions, width = kp + ks
        var values = [Float](repeating: 0, count: n * width)
        for (g, node) in measuredNode.enumerated() {
            for j in 0..<kp { values[node * width + j] = Float(pca.loadings[g * kp + j]) }
        }
        for u in 0..<n {
            for j in 0..<ks { values[u * width + kp + j] = Float(spectral.vectors[u * ks + j]) }
        }
        self.values = values
        nodeCount = n
        pcaColumns = kp
        spectralColumns = ks
    }
}
