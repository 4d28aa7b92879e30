/// Row gather (embedding lookup): out[r] = table[index[r]] for rows of width d; the backward is the
/// scatter-add dtable[index[r]] += dout[r] (an index may repeat).
public enum Gather {
    public static func forward<T: ModelScalar>(
        table: UnsafePointer<T>, index: UnsafePointer<Int>, out: UnsafeMutablePointer<T>, rows: Int, width d: Int,
        outStride: Int? = nil
    ) {
        let stride = outStride ?? d
        for r in 0..<rows { (out + r * stride).update(from: table + index[r] * d, count: d) }
    }

    public static func backward<T: ModelScalar>(
        dOut: UnsafePointer<T>, index: UnsafePointer<Int>, dTable: UnsafeMutablePointer<T>, rows: Int, width d: Int,
        outStride: Int? = nil
    ) {
        let stride = outStride ?? d
        for r in 0..<rows {
            let src = dOut + r * stride, dst = dTable + index[r] * d
            for j in 0..<d { dst[j] += src[j] }
        }
    }
}
