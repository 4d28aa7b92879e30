import Core

/// The config's `data.graph_nodes`: `induced` or `{khop: K}`.
extension GraphNodeSelection: Codable {
    private struct KHop: Codable { var khop: Int }

    public init(from decoder: Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self), word == "induced" {
            self = .induced
        } else if let hop = try? KHop(from: decoder), hop.khop >= 0 {
            self = .kHop(hop.khop)
        } else {
            throw AdaPertError("data.graph_nodes must be 'induced' or {khop: K} with K >= 0")
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .induced:
            var c = encoder.singleValueContainer()
            try c.encode("induced")
        case .kHop(let k):
            try KHop(khop: k).encode(to: encoder)
        }
    }
}
