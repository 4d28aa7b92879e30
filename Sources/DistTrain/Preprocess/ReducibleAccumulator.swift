/// An accumulator whose whole state is one flat Float64 buffer that combines by element-wise addition, so
/// per-rank accumulators merge with one in-place allreduce-sum of `buffer` (or `merge` in one process).
public protocol ReducibleAccumulator {
    var buffer: [Double] { get set }
}

extension ReducibleAccumulator {
    /// Adds another accumulator of the same shape (what an allreduce-sum does across ranks).
    public mutating func merge(_ other: Self) {
        precondition(other.buffer.count == buffer.count, "accumulator shapes differ")
        for i in buffer.indices { buffer[i] += other.buffer[i] }
    }

    /// Combines this accumulator across ranks through `reducer`.
    public mutating func reduce(with reducer: some StatisticsReducer) throws {
        try reducer.allreduceSum(&buffer)
    }
}

/// The collective operations preprocessing needs; the trainer passes its MPI communicator, a single process
/// passes `LocalReducer`.
public protocol StatisticsReducer {
    /// In-place element-wise sum over ranks.
    func allreduceSum(_ buffer: inout [Double]) throws
    /// Every rank's `local` values concatenated in rank order (lengths may differ by rank).
    func allgather(_ local: [Double]) throws -> [Double]
    /// The largest of every rank's `local`.
    func allreduceMax(_ local: Double) throws -> Double
}

/// One process: reductions are the identity.
public struct LocalReducer: StatisticsReducer, Sendable {
    public init() {}
    public func allreduceSum(_ buffer: inout [Double]) throws {}
    public func allgather(_ local: [Double]) throws -> [Double] { local }
    public func allreduceMax(_ local: Double) throws -> Double { local }
}
