extension Duration {
    /// This duration in seconds: whole seconds + attoseconds x 1e-18.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
