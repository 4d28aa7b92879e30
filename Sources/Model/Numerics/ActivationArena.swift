/// One heap block holding every activation and backward temporary of a training step (llm.c style):
/// a pass lays out its named views with an `ArenaPlan`, asks the arena for the plan's total, and carves
/// `ArenaView`s out of the block. The block is allocated on the first pass and only reallocated when a
/// later pass needs more (a larger batch shape), so steps of one shape allocate nothing and touch no fresh
/// pages. Views are valid until the next pass of the model that owns the arena.
final class ActivationArena<T: ModelScalar> {
    private(set) var base: UnsafeMutablePointer<T>
    /// Elements in the block.
    private(set) var capacity = 0
    /// How many times the block was (re)allocated since the model was made (or released).
    private(set) var allocations = 0

    init() { base = .allocate(capacity: 1) }

    deinit { base.deallocate() }

    /// Makes room for `count` elements; grows (without copying) only when the block is smaller.
    /// The contents are unspecified after a pass: every view is written or zeroed before it is read.
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        base = .allocate(capacity: count)
        base.initialize(repeating: 0, count: count)
        capacity = count
        allocations += 1
    }

    /// Frees the block (e.g. after a one-off large inference batch); the next pass allocates again.
    func release() {
        base.deallocate()
        base = .allocate(capacity: 1)
        capacity = 0
    }

    /// The view at `range` of the current block.
    func view(_ range: Range<Int>) -> ArenaView<T> {
        precondition(range.upperBound <= capacity, "arena view outside the reserved block")
        return ArenaView(pointer: base + range.lowerBound, count: range.count)
    }
}

/// Offsets of the named views of one pass: each view starts on a 64-element boundary (256 bytes for
/// Float), so views never share a cache line and vector loads of a row start aligned.
struct ArenaPlan {
    static let alignment = 64
    private(set) var total = 0

    mutating func take(_ count: Int) -> Range<Int> {
        let start = total
        total += (count + Self.alignment - 1) / Self.alignment * Self.alignment
        return start..<(start + count)
    }
}

/// A typed window of `count` elements into an arena block (a non-owning pointer).
struct ArenaView<T: ModelScalar> {
    let pointer: UnsafeMutablePointer<T>
    let count: Int

    var array: [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    subscript(i: Int) -> T {
        get { pointer[i] }
        nonmutating set { pointer[i] = newValue }
    }

    /// Sets every element to 0 (for views that a pass accumulates into).
    func zero() { pointer.update(repeating: 0, count: count) }
}
