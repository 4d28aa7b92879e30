/// A zero-initialised heap buffer for activations, addressed by pointer in the ops (never empty, so
/// `pointer` is valid even for zero elements). Freed with its owner.
final class Scratch<T: ModelScalar> {
    let count: Int
    let pointer: UnsafeMutablePointer<T>

    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    var array: [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    subscript(i: Int) -> T {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }
}
