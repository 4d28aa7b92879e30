import Core
import Model

/// Collects named weighted edges from a reader and turns them into a `GeneGraph` over every gene seen:
/// self-loops dropped, weights clamped to (0, 1] (above 1 or +inf -> 1; zero, negative, NaN or below Float's
/// normal range -> edge dropped),
/// symmetrised and deduplicated keeping the largest weight (by `GeneGraph.init(nodeNames:undirectedEdges:)`).
struct EdgeCollector {
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]
    private var edges: [(Int, Int, Float)] = []

    mutating func node(_ name: String) -> Int {
        if let i = index[name] { return i }
        index[name] = names.count
        names.append(name)
        return names.count - 1
    }

    mutating func add(_ a: String, _ b: String, weight: Double) {
        guard a != b else { return }
        guard let w = Self.usable(Float(weight)) else { return }
        edges.append((node(a), node(b), w))
    }

    mutating func add(_ a: Int, _ b: Int, weight: Float) {
        guard a != b else { return }
        guard let w = Self.usable(weight) else { return }
        edges.append((a, b, w))
    }

    /// min(weight, 1) when it is a normal positive Float; nil for zero, negative, NaN and tiny weights.
    static func usable(_ weight: Float) -> Float? {
        let clamped = Swift.min(weight, 1)
        return clamped >= .leastNormalMagnitude ? clamped : nil
    }

    /// The graph; throws when no edge survived, naming the file.
    func graph(file: String) throws -> GeneGraph {
        guard !edges.isEmpty else {
            throw AdaPertError("graph file \(file) has no edges between two different genes with a positive weight; "
                + "check the file's layout (source,target[,weight]) or pass another --graph")
        }
        return GeneGraph(nodeNames: names, undirectedEdges: edges)
    }
}
