/// One obs or var column as anndata stores it, decoded.
public enum AnnDataColumn: Sendable, Equatable {
    /// pandas categorical: per-row code into `categories`, -1 for a missing value.
    case categorical(codes: [Int32], categories: [String])
    /// Plain string column (nil where a nullable string array masks the value).
    case strings([String?])
    /// Integer or float column; missing values of nullable integers are NaN.
    case numbers([Double])
    case bools([Bool])

    public var count: Int {
        switch self {
        case .categorical(let codes, _): return codes.count
        case .strings(let values): return values.count
        case .numbers(let values): return values.count
        case .bools(let values): return values.count
        }
    }

    /// Whether the column holds text (categorical or string), the kind a label column must be.
    public var isText: Bool {
        switch self {
        case .categorical, .strings: return true
        case .numbers, .bools: return false
        }
    }

    /// Per-row values as strings (nil for missing); numbers print without a trailing `.0` when integral.
    public func stringValues() -> [String?] {
        switch self {
        case .categorical(let codes, let categories):
            return codes.map { $0 < 0 ? nil : categories[Int($0)] }
        case .strings(let values):
            return values
        case .numbers(let values):
            return values.map { $0.isNaN ? nil : AnnDataColumn.format($0) }
        case .bools(let values):
            return values.map { $0 ? "True" : "False" }
        }
    }

    /// `3.0` -> "3", `0.5` -> "0.5".
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
