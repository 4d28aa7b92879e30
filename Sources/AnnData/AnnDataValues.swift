/// Column values handed to `AnnDataWriter` (a whole var column, or one chunk of an obs column).
public enum AnnDataValues: Sendable, Equatable {
    /// Text; obs text columns are stored as categoricals (as anndata does), var text as string arrays.
    case strings([String])
    case bools([Bool])
    case floats([Float])
    case doubles([Double])
    case ints([Int64])

    public var count: Int {
        switch self {
        case .strings(let v): return v.count
        case .bools(let v): return v.count
        case .floats(let v): return v.count
        case .doubles(let v): return v.count
        case .ints(let v): return v.count
        }
    }

    /// The kind, for checking that every chunk of a column has the same one.
    var kind: String {
        switch self {
        case .strings: return "strings"
        case .bools: return "bools"
        case .floats: return "floats"
        case .doubles: return "doubles"
        case .ints: return "ints"
        }
    }
}
