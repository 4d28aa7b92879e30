/// The median of `values`: the middle value of the sorted values, or the mean of the two middle ones when
/// the count is even, (x[n/2 - 1] + x[n/2]) / 2; nil when there are none.
public func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
