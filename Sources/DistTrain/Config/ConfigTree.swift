import Core
import Yams

/// Operations on parsed YAML trees used to resolve a run config: overlaying the user's file on the
/// defaults (rejecting keys the defaults do not have), applying `--set key=value` overrides, and
/// flattening a tree into dotted keys to compare two configs.
enum ConfigTree {
    /// Overlays `user` on `defaults`. Mappings merge key by key; any other value replaces the default.
    /// A key the defaults lack is an error naming its dotted path and the keys allowed there.
    static func overlay(_ user: Node, on defaults: Node, path: String, file: String) throws -> Node {
        guard case .mapping(let userMap) = user, case .mapping(var merged) = defaults else { return user }
        for (keyNode, value) in userMap {
            guard let key = keyNode.string else {
                throw AdaPertError("\(file): a key under '\(path)' is not a string; use plain key names")
            }
            let dotted = path.isEmpty ? key : "\(path).\(key)"
            guard let base = merged[key] else {
                let known = merged.keys.compactMap(\.string).sorted().joined(separator: ", ")
                throw AdaPertError("\(file): unknown key '\(dotted)'; known keys\(path.isEmpty ? "" : " in '\(path)'") are [\(known)]")
            }
            merged[key] = try overlay(value, on: base, path: dotted, file: file)
        }
        return .mapping(merged)
    }

    /// Applies one `key.path=value` override to `tree`; the value is parsed as a YAML scalar or flow value.
    static func applyOverride(_ assignment: String, to tree: Node) throws -> Node {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw AdaPertError("--set '\(assignment)' is not of the form key=value (e.g. --set training.lr=0.0005)")
        }
        let keys = assignment[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else {
            throw AdaPertError("--set '\(assignment)': the key has an empty part; write dotted keys as in the config (e.g. --set training.lr=0.0005)")
        }
        let text = String(assignment[assignment.index(after: eq)...])
        let value: Node
        if text.isEmpty {
            value = Node("")
        } else {
            guard let node = try? Yams.compose(yaml: text) else {
                throw AdaPertError("--set '\(assignment)': the value is not a YAML scalar or flow value; quote it (e.g. --set data.path='\"my file.h5ad\"')")
            }
            value = node
        }
        return try set(value, at: keys[...], in: tree, assignment: assignment)
    }

    private static func set(_ value: Node, at keys: ArraySlice<String>, in tree: Node, assignment: String) throws -> Node {
        guard let key = keys.first else { return value }
        var map: Node.Mapping
        if case .mapping(let existing) = tree { map = existing } else { map = [:] }
        let child = map[key] ?? .mapping([:])
        map[key] = try set(value, at: keys.dropFirst(), in: child, assignment: assignment)
        return .mapping(map)
    }

    /// The tree as dotted key -> scalar text, e.g. `training.lr` -> `0.001`.
    static func flatten(_ node: Node, prefix: String = "") -> [String: String] {
        switch node {
        case .mapping(let map):
            var out: [String: String] = [:]
            for (k, v) in map {
                let key = prefix.isEmpty ? (k.string ?? "") : "\(prefix).\(k.string ?? "")"
                out.merge(flatten(v, prefix: key)) { a, _ in a }
            }
            return out
        case .sequence(let seq):
            return [prefix: "[" + seq.map { flatten($0).sorted { $0.key < $1.key }.map(\.value).joined(separator: ",") }
                .joined(separator: ", ") + "]"]
        default:
            return [prefix: node.string ?? ""]
        }
    }
}
