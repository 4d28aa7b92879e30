import Core

/// Typed collectives over Swift arrays, built on the raw-buffer primitives of `Communicator`.
extension Communicator {
    /// Element-wise reduction of `values` over all ranks, in place (same count on all ranks).
    public func allreduce<T: ReducibleScalar>(_ values: inout [T], _ op: ReduceOp) throws {
        try values.withUnsafeMutableBufferPointer { try allreduce($0, op) }
    }

    public func allreduceSum<T: ReducibleScalar>(_ values: inout [T]) throws { try allreduce(&values, .sum) }
    public func allreduceMax<T: ReducibleScalar>(_ values: inout [T]) throws { try allreduce(&values, .max) }
    public func allreduceMin<T: ReducibleScalar>(_ values: inout [T]) throws { try allreduce(&values, .min) }

    /// The reduction of one scalar over all ranks.
    public func allreduce<T: ReducibleScalar>(_ value: T, _ op: ReduceOp) throws -> T {
        var values = [value]
        try allreduce(&values, op)
        return values[0]
    }

    /// Overwrites `values` on every rank with `root`'s values; every rank passes the same count.
    public func broadcast<T: BitwiseCopyable>(_ values: inout [T], root: Int = 0) throws {
        try values.withUnsafeMutableBytes { try broadcast($0, root: root) }
    }

    /// One value from every rank, in rank order.
    public func allgather<T: BitwiseCopyable>(_ value: T) throws -> [T] {
        var gathered = [T](repeating: value, count: size)
        try [value].withUnsafeBytes { send in
            try gathered.withUnsafeMutableBytes { recv in
                try allgatherv(send, into: recv, byteCounts: [Int](repeating: send.count, count: size))
            }
        }
        return gathered
    }

    /// Every rank's array (lengths may differ), in rank order, on every rank.
    public func allgatherv<T: BitwiseCopyable>(_ values: [T]) throws -> [[T]] {
        let counts = try allgather(Int64(values.count)).map(Int.init)
        var flat = gatheredBuffer(of: T.self, counts: counts)
        try values.withUnsafeBytes { send in
            try flat.withUnsafeMutableBytes { recv in
                try allgatherv(send, into: recv, byteCounts: counts.map { $0 * MemoryLayout<T>.stride })
            }
        }
        return split(flat, counts: counts)
    }

    /// Every rank's array in rank order on `root`; an empty array on the other ranks.
    public func gatherv<T: BitwiseCopyable>(_ values: [T], root: Int = 0) throws -> [[T]] {
        let counts = try allgather(Int64(values.count)).map(Int.init)
        var flat = gatheredBuffer(of: T.self, counts: rank == root ? counts : [])
        try values.withUnsafeBytes { send in
            try flat.withUnsafeMutableBytes { recv in
                try gatherv(send, into: recv, byteCounts: counts.map { $0 * MemoryLayout<T>.stride }, root: root)
            }
        }
        return rank == root ? split(flat, counts: counts) : []
    }

    /// Sends `blocks[d]` to rank d and returns the block each rank s sent here, as `received[s]`.
    public func alltoallv<T: BitwiseCopyable>(_ blocks: [[T]]) throws -> [[T]] {
        guard blocks.count == size else {
            throw AdaPertError("alltoallv needs one block per rank: got \(blocks.count) blocks for \(size) ranks")
        }
        let stride = MemoryLayout<T>.stride
        let sendCounts = blocks.map(\.count)
        // countMatrix[s * size + d] = elements rank s sends to rank d.
        let countMatrix = try allgatherv(sendCounts.map(Int64.init)).flatMap { $0.map(Int.init) }
        let recvCounts = (0..<size).map { countMatrix[$0 * size + rank] }
        let send = blocks.flatMap { $0 }
        var flat = gatheredBuffer(of: T.self, counts: recvCounts)
        try send.withUnsafeBytes { sendBytes in
            try flat.withUnsafeMutableBytes { recvBytes in
                try alltoallv(sendBytes, sendByteCounts: sendCounts.map { $0 * stride },
                              into: recvBytes, recvByteCounts: recvCounts.map { $0 * stride })
            }
        }
        return split(flat, counts: recvCounts)
    }

    /// A receive buffer for `counts.reduce(0, +)` elements whose bytes the collective overwrites.
    private func gatheredBuffer<T: BitwiseCopyable>(of type: T.Type, counts: [Int]) -> [T] {
        let total = counts.reduce(0, +)
        return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            _ = UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = total
        }
    }

    private func split<T>(_ flat: [T], counts: [Int]) -> [[T]] {
        var offset = 0
        return counts.map { count in
            defer { offset += count }
            return Array(flat[offset..<offset + count])
        }
    }
}
