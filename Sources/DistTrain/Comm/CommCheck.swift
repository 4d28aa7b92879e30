import Core
import Foundation
import HDF5

/// The collectives adapert relies on, each run on known per-rank values whose results every rank verifies.
///
/// Values are small integers stored exactly in Float/Double, so the expected results are exact and any
/// summation order must reproduce them bit for bit. Each rank's verdicts are combined with a MIN allreduce,
/// so all ranks return the same `CommCheckReport`. Used by `adapert comm-check` and its tests.
public struct CommCheck: Sendable {
    /// Floats in the buffer summed by `BucketedAllreduce` (several buckets by default).
    public var bufferElements: Int
    public var bucketBytes: Int

    public init(bufferElements: Int = 3_000_000, bucketBytes: Int = BucketedAllreduce.defaultBucketBytes) {
        self.bufferElements = bufferElements
        self.bucketBytes = bucketBytes
    }

    public func run(on comm: some Communicator) throws -> CommCheckReport {
        var verdicts = Verdicts()
        try checkReductions(comm, &verdicts)
        let seconds = try checkBucketedAllreduce(comm, &verdicts)
        try checkAgreementAndExchanges(comm, &verdicts)
        var passed = verdicts.list.map { Int64($0.passed ? 1 : 0) }
        try comm.allreduceMin(&passed)
        let checks = zip(verdicts.list, passed).map { CommCheckReport.Check(name: $0.name, passed: $1 == 1) }
        return CommCheckReport(worldSize: comm.size, checks: checks, bucketBytes: bucketBytes,
                               bufferElements: bufferElements, bucketedAllreduceSeconds: seconds)
    }

    /// Barrier, sums of Float, Double and Int64 (rank r adds r to 0..<1000), MAX and MIN.
    private func checkReductions(_ comm: some Communicator, _ verdicts: inout Verdicts) throws {
        let n = comm.size, r = comm.rank
        try verdicts.check("barrier") { try comm.barrier(); return true }
        try verdicts.check("allreduce_sum_float") {
            var x = (0..<1000).map { Float($0 + r) }
            try comm.allreduceSum(&x)
            return x.indices.allSatisfy { x[$0] == Float(n * $0 + n * (n - 1) / 2) }
        }
        try verdicts.check("allreduce_sum_double") {
            var x = (0..<1000).map { Double($0) * 0.5 + Double(r) }
            try comm.allreduceSum(&x)
            return x.indices.allSatisfy { x[$0] == Double(n) * Double($0) * 0.5 + Double(n * (n - 1) / 2) }
        }
        try verdicts.check("allreduce_sum_int64") {
            var x = (0..<1000).map { Int64($0) << 40 + Int64(r) }
            try comm.allreduceSum(&x)
            return x.indices.allSatisfy { x[$0] == Int64(n) * (Int64($0) << 40) + Int64(n * (n - 1) / 2) }
        }
        try verdicts.check("allreduce_max_min") {
            var high = (0..<1000).map { Double($0) * Double(r + 1) }
            var low = (0..<1000).map { Int64($0 - r) }
            try comm.allreduceMax(&high)
            try comm.allreduceMin(&low)
            return high.indices.allSatisfy { high[$0] == Double($0 * n) && low[$0] == Int64($0 - (n - 1)) }
        }
    }

    /// `BucketedAllreduce` of `bufferElements` floats, exact in each of three rounds; returns the fastest
    /// round's time on the slowest rank (the first round also maps shared memory).
    private func checkBucketedAllreduce(_ comm: some Communicator, _ verdicts: inout Verdicts) throws -> Double {
        let n = comm.size, r = comm.rank
        var seconds = Double.infinity
        try verdicts.check("bucketed_allreduce") {
            let pattern = (0..<bufferElements).map { Float($0 % 4096 + r) }
            var allExact = true
            for _ in 0..<3 {
                var x = pattern
                try comm.barrier()
                let start = ContinuousClock.now
                try BucketedAllreduce(bucketBytes: bucketBytes).sum(&x, over: comm)
                seconds = min(seconds, try comm.allreduce((ContinuousClock.now - start).seconds, .max))
                allExact = allExact && x.indices.allSatisfy { x[$0] == Float(n * ($0 % 4096) + n * (n - 1) / 2) }
            }
            return allExact
        }
        return seconds
    }

    /// The same bits on every rank (order-dependent sums, a verified broadcast), the variable-size
    /// gathers and all-to-all, and the stop-signal agreement.
    private func checkAgreementAndExchanges(_ comm: some Communicator, _ verdicts: inout Verdicts) throws {
        let n = comm.size, r = comm.rank
        try verdicts.check("allreduce_same_bits_on_all_ranks") {
            // Sums that depend on the order of addition: every rank must still get the same bits.
            var x = (0..<100_000).map { Float(($0 * 7_919 + r * 104_729) % 65_536) * 1e-3 + 1 / Float($0 + r + 1) }
            try comm.allreduceSum(&x)
            do { try comm.verifyIdentical(x, what: "allreduce results") } catch { return false }
            return true
        }
        try verdicts.check("broadcast_verify") {
            let pattern = (0..<100_000).map { Float($0 % 977) * 0.5 }
            var x = r == 0 ? pattern : [Float](repeating: 0, count: pattern.count)
            try comm.broadcastAndVerify(&x, what: "comm-check broadcast buffer")
            return x == pattern
        }
        try verdicts.check("allgatherv") {
            let gathered = try comm.allgatherv((0...r).map { Int64(r * 100 + $0) })
            return gathered == (0..<n).map { s in (0...s).map { Int64(s * 100 + $0) } }
        }
        try verdicts.check("gatherv") {
            let gathered = try comm.gatherv((0...r).map { Int32(r * 100 + $0) }, root: 0)
            return gathered == (r == 0 ? (0..<n).map { s in (0...s).map { Int32(s * 100 + $0) } } : [])
        }
        try verdicts.check("alltoallv") {
            // Rank s sends (s + d) % 3 copies of s * 1000 + d to rank d; some blocks are empty.
            let blocks = (0..<n).map { d in [Int32](repeating: Int32(r * 1000 + d), count: (r + d) % 3) }
            let received = try comm.alltoallv(blocks)
            return received == (0..<n).map { s in [Int32](repeating: Int32(s * 1000 + r), count: (s + r) % 3) }
        }
        try verdicts.check("stop_signal_agreement") {
            try StopSignal.agreedSignal(local: r == n - 1 ? SIGUSR1 : 0, comm) == SIGUSR1
        }
    }
}

/// This rank's verdict of each check, in the order run.
private struct Verdicts {
    var list: [CommCheckReport.Check] = []

    mutating func check(_ name: String, _ passed: () throws -> Bool) throws {
        list.append(CommCheckReport.Check(name: name, passed: try passed()))
    }
}

/// The verdicts of a `CommCheck`, identical on every rank.
public struct CommCheckReport: Sendable {
    /// A check's name and whether it passed (on every rank, in a report).
    public struct Check: Sendable {
        public let name: String
        public let passed: Bool
    }

    public let worldSize: Int
    /// Every check, passed only if it passed on every rank, in the order run.
    public let checks: [Check]
    public let bucketBytes: Int
    public let bufferElements: Int
    /// The bucketed allreduce of `bufferElements` floats: the slowest rank's time, best of three rounds.
    public let bucketedAllreduceSeconds: Double

    public var passed: Bool { checks.allSatisfy(\.passed) }
    public var failedChecks: [String] { checks.filter { !$0.passed }.map(\.name) }

    /// One JSON object on one line; `hosts` are the distinct processor names of the job.
    public func jsonLine(hosts: [String]) -> String {
        let checkFields = checks.map { "\"\($0.name)\":\($0.passed)" }.joined(separator: ",")
        let bytes = Double(bufferElements * MemoryLayout<Float>.stride)
        // Algorithm bandwidth: buffer bytes / time. A 1-rank job moves nothing, so it has none.
        let rate = worldSize > 1 ? String(format: "%.3f", bytes / bucketedAllreduceSeconds / 1e9) : "null"
        let hostList = hosts.map { "\"\($0)\"" }.joined(separator: ",")
        return "{\"command\":\"comm-check\",\"world_size\":\(worldSize),\"passed\":\(passed),"
            + "\"checks\":{\(checkFields)},\"hosts\":[\(hostList)],\"bucket_bytes\":\(bucketBytes),"
            + "\"buffer_elements\":\(bufferElements),"
            + "\"bucketed_allreduce_seconds\":\(String(format: "%.6f", bucketedAllreduceSeconds)),"
            + "\"bucketed_allreduce_gb_per_s\":\(rate)}"
    }
}
