/// Short vector kernels for the per-row loops of the ops (rows of width d = 64 at genome scale).
/// The products run 8 lanes at a time (SIMD8: two SSE registers on baseline x86-64, one AVX register
/// where the compiler may use it).
enum Vector {
    /// <a, b> over n elements in a fixed order: lane l (0..<8) sums a[j] b[j] for j = l, l + 8, l + 16, ...
    /// below 8 floor(n / 8); the lanes are added as ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)); the
    /// n mod 8 tail follows left to right. The order depends on n only, so results are reproducible on
    /// every machine; they differ from a left-to-right sum in the last bits (relative 1e-7 in Float).
    @inline(__always)
    static func dot<T: ModelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, count n: Int) -> T {
        var acc = SIMD8<T>()
        var j = 0
        while j + 8 <= n {
            acc += load(a + j) * load(b + j)
            j += 8
        }
        var sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        while j < n {
            sum += a[j] * b[j]
            j += 1
        }
        return sum
    }

    /// sum_j x[j] in `dot`'s order (8 lanes, tree of lanes, tail left to right).
    @inline(__always)
    static func sum<T: ModelScalar>(_ x: UnsafePointer<T>, count n: Int) -> T {
        var acc = SIMD8<T>()
        var j = 0
        while j + 8 <= n {
            acc += load(x + j)
            j += 8
        }
        var sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        while j < n {
            sum += x[j]
            j += 1
        }
        return sum
    }

    /// sum_j (x[j] - c)^2 in `dot`'s order.
    @inline(__always)
    static func sumOfSquares<T: ModelScalar>(_ x: UnsafePointer<T>, minus c: T, count n: Int) -> T {
        let center = SIMD8<T>(repeating: c)
        var acc = SIMD8<T>()
        var j = 0
        while j + 8 <= n {
            let v = load(x + j) - center
            acc += v * v
            j += 8
        }
        var sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        while j < n {
            let v = x[j] - c
            sum += v * v
            j += 1
        }
        return sum
    }

    /// y[j] += x[j] where mask[j] > 0 (the ReLU backward), as a select the compiler vectorises (adding 0
    /// elsewhere: elementwise, the numbers of the branching loop).
    @inline(__always)
    static func addWherePositive<T: ModelScalar>(_ x: UnsafePointer<T>, mask: UnsafePointer<T>,
                                                 _ y: UnsafeMutablePointer<T>, count n: Int) {
        for j in 0..<n { y[j] += mask[j] > 0 ? x[j] : 0 }
    }

    /// y[j] += alpha x[j] for j < n (elementwise: the same numbers as the scalar loop).
    @inline(__always)
    static func axpy<T: ModelScalar>(_ alpha: T, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count n: Int) {
        let a = SIMD8<T>(repeating: alpha)
        var j = 0
        while j + 8 <= n {
            store(load(UnsafePointer(y + j)) + a * load(x + j), y + j)
            j += 8
        }
        while j < n {
            y[j] += alpha * x[j]
            j += 1
        }
    }

    /// y[j] += x[j] for j < n (elementwise).
    @inline(__always)
    static func add<T: ModelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count n: Int) {
        var j = 0
        while j + 8 <= n {
            store(load(UnsafePointer(y + j)) + load(x + j), y + j)
            j += 8
        }
        while j < n {
            y[j] += x[j]
            j += 1
        }
    }

    @inline(__always)
    static func load<T: ModelScalar>(_ p: UnsafePointer<T>) -> SIMD8<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
    }

    @inline(__always)
    static func store<T: ModelScalar>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<T>.self)
    }
}
