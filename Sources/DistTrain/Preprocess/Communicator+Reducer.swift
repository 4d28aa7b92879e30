/// Lets preprocessing reduce its accumulators over the ranks of a communicator.
public struct CommunicatorReducer<Comm: Communicator>: StatisticsReducer {
    public let comm: Comm

    public init(_ comm: Comm) { self.comm = comm }

    public func allreduceSum(_ buffer: inout [Double]) throws { try comm.allreduceSum(&buffer) }

    public func allgather(_ local: [Double]) throws -> [Double] { try comm.allgatherv(local).flatMap { $0 } }

    public func allreduceMax(_ local: Double) throws -> Double { try comm.allreduce(local, .max) }
}
