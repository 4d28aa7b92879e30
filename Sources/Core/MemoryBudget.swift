import Foundation

/// The memory a single allocation may take: the smallest of this machine's physical memory, the process's
/// address-space limit (`ulimit -v`, as Slurm and batch systems set it) and `ADAPERT_MEMORY_LIMIT` (bytes, or
/// with a K/M/G suffix). Work whose size is known up front asks first, so an input that would need more
/// memory than there is gets a message with the figure instead of an out-of-memory kill or an abort.
public enum MemoryBudget {
    public static var bytes: UInt64 {
        var limits = [ProcessInfo.processInfo.physicalMemory]
        var addressSpace = rlimit()
        if getrlimit(RLIMIT_AS_ID, &addressSpace) == 0, addressSpace.rlim_cur != rlim_t.max {
            limits.append(UInt64(addressSpace.rlim_cur))
        }
        if let text = ProcessInfo.processInfo.environment["ADAPERT_MEMORY_LIMIT"], let limit = parse(text) {
            limits.append(limit)
        }
        return limits.min()!
    }

    #if os(Linux)
    private static let RLIMIT_AS_ID = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
    private static let RLIMIT_AS_ID = RLIMIT_AS
    #endif

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
