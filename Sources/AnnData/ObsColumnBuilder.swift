import Core
import HDF5

/// One obs column of an `AnnDataWriter`, filled chunk by chunk. Numbers stream straight into an extendable
/// dataset; text keeps only its codes (4 bytes a cell) and category table until `finish`, because the final
/// codes width and sorted category order are known only then; bools keep one byte a cell.
final class ObsColumnBuilder {
    let name: String
    let kind: String
    private var codes: [Int32] = []
    private var lookup: [String: Int32] = [:]
    private var categories: [String] = []
    private var bools: [Bool] = []
    private var streamed: HDF5Dataset?

    init(name: String, first: AnnDataValues, group: HDF5Group, storage: HDF5Storage) throws {
        self.name = name
        kind = first.kind
        switch first {
        case .floats: streamed = try group.createExtendableDataset(name, of: Float.self, storage: storage)
        case .doubles: streamed = try group.createExtendableDataset(name, of: Double.self, storage: storage)
        case .ints: streamed = try group.createExtendableDataset(name, of: Int64.self, storage: storage)
        case .strings, .bools: break
        }
    }

    func append(_ values: AnnDataValues, fileName: String) throws {
        guard values.kind == kind else {
            throw AdaPertError("\(fileName): obs column '\(name)' was started with \(kind) but a later chunk holds "
                + "\(values.kind); give every chunk the same column types")
        }
        switch values {
        case .strings(let strings):
            codes.reserveCapacity(codes.count + strings.count)
            for s in strings {
                if let code = lookup[s] {
                    codes.append(code)
                } else {
                    let code = Int32(categories.count)
                    lookup[s] = code
                    categories.append(s)
                    codes.append(code)
                }
            }
        case .bools(let v): bools.append(contentsOf: v)
        case .floats(let v): try streamed?.append(v)
        case .doubles(let v): try streamed?.append(v)
        case .ints(let v): try streamed?.append(v)
        }
    }

    /// Writes what was buffered and the column's encoding attributes.
    func finish(group: HDF5Group, storage: HDF5Storage) throws {
        switch kind {
        case "strings":
            try AnnDataEncoding.writeCategorical(group, name, codes: codes, categories: categories, storage: storage)
        case "bools":
            try AnnDataEncoding.writeColumn(group, name, .bools(bools), storage: storage)
        default:
            if let streamed { try AnnDataEncoding.markArray(streamed) }
        }
    }
}
