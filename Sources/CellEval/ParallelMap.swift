import Dispatch

/// `(0..<count).map(body)` computed on all cores with `DispatchQueue.concurrentPerform`; results keep index order.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in slots.store(body(i), at: i) }
    return slots.values()
}

/// Write-once slots filled by concurrent iterations, each writing only its own index (raw storage, so no
/// exclusivity check serialises or traps the writers).
private final class ResultSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func store(_ value: T, at index: Int) { base[index] = value }

    func values() -> [T] { (0..<count).map { base[$0]! } }
}
