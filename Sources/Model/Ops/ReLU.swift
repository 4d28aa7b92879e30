/// ReLU(x) = max(x, 0); its derivative is taken as 0 at x = 0.
public enum ReLU {
    public static func forward<T: ModelScalar>(x: UnsafePointer<T>, y: UnsafeMutablePointer<T>, count: Int) {
        for i in 0..<count { y[i] = max(x[i], 0) }
    }

    /// dx += dy * [x > 0] (branch-free, `Vector.addWherePositive`).
    public static func backward<T: ModelScalar>(
        x: UnsafePointer<T>, dy: UnsafePointer<T>, dx: UnsafeMutablePointer<T>, count: Int
    ) {
        Vector.addWherePositive(dy, mask: x, dx, count: count)
    }
}
