import Foundation

/// The memory a single allocation may take: this machine's physical memory, or `ADAPERT_MEMORY_LIMIT` (bytes,
/// or with a K/M/G suffix) when set lower. Work whose size is known up front asks first, so an input that
/// would need more memory than there is gets a message with the figure instead of an out-of-memory kill.
public enum MemoryBudget {
    public static var bytes: UInt64 {
        let physical = ProcessInfo.processInfo.physicalMemory
        guard let text = ProcessInfo.processInfo.environment["ADAPERT_MEMORY_LIMIT"], let limit = parse(text) else {
            return physical
        }
        return min(limit, physical)
    }

    /// `count` elements of `bytesEach` bytes for `what`; throws naming `what`, the bytes needed, the budget
    /// and `fix` when they do not fit (or the product overflows).
    public static func require(count: Int, bytesEach: Int, for what: @autoclosure () -> String,
                               fix: @autoclosure () -> String, budget: UInt64 = bytes) throws {
        let (total, overflow) = count.multipliedReportingOverflow(by: max(bytesEach, 1))
        guard overflow || total < 0 || UInt64(total) > budget else { return }
        let needed = overflow || total < 0 ? "more than 2^63 bytes" : gigabytes(UInt64(total))
        throw AdaPertError("\(what()) needs \(needed) of memory, more than the \(gigabytes(budget)) available; \(fix())")
    }

    static func gigabytes(_ bytes: UInt64) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }

    /// "123", "64K", "512M", "8G" (powers of 1024).
    static func parse(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        if let last = trimmed.last, let unit = units[last] {
            return UInt64(trimmed.dropLast()).map { $0 * unit }
        }
        return UInt64(trimmed)
    }
}
