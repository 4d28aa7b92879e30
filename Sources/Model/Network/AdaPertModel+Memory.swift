extension AdaPertModel {
    /// The shape of a pass over P perturbations of a model of `config` on a graph of N nodes and E directed
    /// edges that decodes G genes.
    static func batchShape(config c: ModelConfig, nodes: Int, edges: Int, genes: Int, perturbations: Int,
                           withBackward: Bool) -> BatchShape {
        BatchShape(perturbations: perturbations, nodes: nodes, edges: edges, hidden: c.hidden, genes: genes,
                   decoderWidth: ParameterLayout.decoderWidth(c), layers: c.layers,
                   scoresEdges: c.ablation.gates != .none, withBackward: withBackward)
    }

    /// Values of a model of `config`, before making it: the one flat buffer's length. The buffer holds four
    /// arrays of it (parameters, gradients and the two AdamW moments).
    public static func parameterCount(config: ModelConfig, nodes: Int, features: Int, genes: Int) -> Int {
        ParameterLayout.specs(config: config, nodes: nodes, features: features, genes: genes)
            .reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// Bytes of the activation arena for one pass over P perturbations (`withBackward`: a training pass with
    /// its loss seeds and backward temporaries), before making the model: the arena's exact layout.
    public static func activationBytes(config: ModelConfig, nodes: Int, edges: Int, genes: Int, perturbations: Int,
                                       withBackward: Bool) -> Int {
        let shape = batchShape(config: config, nodes: nodes, edges: edges, genes: genes, perturbations: perturbations,
                               withBackward: withBackward)
        return ForwardState<T>.arenaElements(shape) * MemoryLayout<T>.stride
    }
}
