/// Ascending sort of one gene's cells, fast for single-cell data where most values are exactly 0: only the
/// non-zero values are sorted (insertion sort when few), then the zeros are placed between the negative and
/// the positive ones.
enum SparseSort {
    static func sort(_ x: UnsafeMutableBufferPointer<Float>) {
        var nonZero = 0
        for i in 0..<x.count where x[i] != 0 {
            x[nonZero] = x[i]
            nonZero += 1
        }
        let values = UnsafeMutableBufferPointer(rebasing: x[0..<nonZero])
        if nonZero <= 48 { insertionSort(values) } else { var v = values; v.sort() }
        var negatives = 0
        while negatives < nonZero && values[negatives] < 0 { negatives += 1 }
        let zeros = x.count - nonZero
        var i = nonZero - 1
        while i >= negatives {
            x[i + zeros] = x[i]
            i -= 1
        }
        for k in negatives..<(negatives + zeros) { x[k] = 0 }
    }

    private static func insertionSort(_ x: UnsafeMutableBufferPointer<Float>) {
        guard x.count > 1 else { return }
        for i in 1..<x.count {
            let v = x[i]
            var j = i - 1
            while j >= 0 && x[j] > v {
                x[j + 1] = x[j]
                j -= 1
            }
            x[j + 1] = v
        }
    }
}
