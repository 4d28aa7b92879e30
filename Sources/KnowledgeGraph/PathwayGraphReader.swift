import Model

/// Builds a pathway co-membership graph from GMT gene sets (`name<TAB>description<TAB>gene<TAB>gene...`).
///
/// Two genes a, b are linked with weight J(a, b) = |P_a ∩ P_b| / |P_a ∪ P_b|, the Jaccard index of the sets of
/// pathways holding them. Only pairs sharing a pathway are visited (the work is sum over pathways of size^2).
/// An edge is kept when J >= `threshold` and b is among a's `topK` neighbours or a among b's (the union
/// of both genes' lists; ties broken by gene order of first appearance). With a `universe`, only its genes
/// become nodes and neighbours (their pathway sets still come from the whole file).
public enum PathwayGraphReader {
    public struct Options: Sendable, Equatable {
        public var topK: Int
        public var threshold: Double
        public init(topK: Int = 20, threshold: Double = 0.1) {
            self.topK = topK
            self.threshold = threshold
        }
    }

    public static func read(path: String, options: Options = Options(), universe: Set<String>? = nil) throws -> GeneGraph {
        let file = try TextFile(path: path, what: "GMT gene-set")
        var genes = EdgeCollector()
        var members: [[Int]] = []
        for i in file.lines.indices where EdgeListReader.isData(file.line(i)) {
            let fields = file.line(i).split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else {
                throw file.unparsable(line: i, expected: "pathway<TAB>description<TAB>gene<TAB>gene...")
            }
            let set = Set(fields.dropFirst(2).filter { !$0.isEmpty }.map { genes.node(String($0)) })
            members.append(set.sorted())
        }
        let geneCount = genes.names.count
        var pathwaysOf = [[Int]](repeating: [], count: geneCount)
        for (p, set) in members.enumerated() { for g in set { pathwaysOf[g].append(p) } }
        let inUniverse = genes.names.map { universe?.contains($0) ?? true }

        var collector = EdgeCollector()
        var shared = [Int](repeating: 0, count: geneCount)
        var touched: [Int] = []
        for a in 0..<geneCount where inUniverse[a] {
            for p in pathwaysOf[a] {
                for b in members[p] where b != a && inUniverse[b] {
                    if shared[b] == 0 { touched.append(b) }
                    shared[b] += 1
                }
            }
            let na = pathwaysOf[a].count
            var candidates: [(Int, Double)] = []
            for b in touched {
                let j = Double(shared[b]) / Double(na + pathwaysOf[b].count - shared[b])
                if j >= options.threshold { candidates.append((b, j)) }
                shared[b] = 0
            }
            touched.removeAll(keepingCapacity: true)
            candidates.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            for (b, j) in candidates.prefix(options.topK) {
                collector.add(genes.names[a], genes.names[b], weight: j)
            }
        }
        return try collector.graph(file: path)
    }
}
