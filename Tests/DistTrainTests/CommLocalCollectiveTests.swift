@testable import Core
@testable import DistTrain
import Foundation
import Testing

/// Per-rank values whose float sum depends on the order of addition (mixed magnitudes, seeded).
private func orderSensitiveValues(rank: Int, count: Int) -> [Float] {
    var state = UInt64(rank + 1) &* 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let mantissa = Float(state >> 40) / Float(1 << 24) - 0.5
        return mantissa * Float(1 << Int(state >> 60))  // magnitudes from 2⁻¹ to 2¹⁵
    }
}

@Suite struct CommLocalCollectiveTests {
    @Test(arguments: [1, 2, 4])
    func allreduceSumIsRankOrderSumBitForBitWhateverTheTiming(ranks: Int) throws {
        let count = 513
        let inputs = (0..<ranks).map { orderSensitiveValues(rank: $0, count: count) }
        let expected = (0..<count).map { i in inputs.dropFirst().reduce(inputs[0][i]) { $0 + $1[i] } }
        for round in 0..<4 {
            let results = try LocalCommunicator.run(size: ranks) { comm in
                // Different arrival order every round: later ranks first in odd rounds.
                let delay = round % 2 == 0 ? comm.rank : comm.size - 1 - comm.rank
                usleep(UInt32(delay * 2_000))
                var x = inputs[comm.rank]
                try comm.allreduceSum(&x)
                return x
            }
            for result in results {
                #expect(result.map(\.bitPattern) == expected.map(\.bitPattern))
            }
        }
    }

    @Test(arguments: [1, 2, 4])
    func maxMinAndTypedSumsAgreeOnEveryRank(ranks: Int) throws {
        let results = try LocalCommunicator.run(size: ranks) { comm in
            var doubles = [Double(comm.rank) * 1.5, -Double(comm.rank)]
            var integers: [Int64] = [Int64(comm.rank) << 40, 7]
            try comm.allreduceMax(&doubles)
            try comm.allreduceSum(&integers)
            let smallest = try comm.allreduce(Int64(10 - comm.rank), .min)
            return (doubles, integers, smallest)
        }
        let n = Int64(ranks)
        for (doubles, integers, smallest) in results {
            #expect(doubles == [Double(ranks - 1) * 1.5, 0])
            #expect(integers == [(n * (n - 1) / 2) << 40, 7 * n])
            #expect(smallest == 10 - (n - 1))
        }
    }

    @Test(arguments: [1, 2, 4])
    func gathersAndAlltoallvDeliverEveryBlockInRankOrder(ranks: Int) throws {
        let results = try LocalCommunicator.run(size: ranks) { comm in
            let mine = (0..<comm.rank).map { Int32(comm.rank * 10 + $0) }  // rank 0 sends nothing
            let all = try comm.allgatherv(mine)
            let atRoot = try comm.gatherv(mine, root: ranks - 1)
            let blocks = (0..<ranks).map { [Double](repeating: Double(comm.rank * 100 + $0), count: $0 + 1) }
            let received = try comm.alltoallv(blocks)
            var broadcasted = comm.rank == 0 ? [UInt8]("root".utf8) : [UInt8](repeating: 0, count: 4)
            try comm.broadcast(&broadcasted)
            return (all, atRoot, received, broadcasted)
        }
        let everyRank = (0..<ranks).map { r in (0..<r).map { Int32(r * 10 + $0) } }
        for (rank, (all, atRoot, received, broadcasted)) in results.enumerated() {
            #expect(all == everyRank)
            #expect(atRoot == (rank == ranks - 1 ? everyRank : []))
            #expect(received == (0..<ranks).map { s in [Double](repeating: Double(s * 100 + rank), count: rank + 1) })
            #expect(broadcasted == [UInt8]("root".utf8))
        }
    }

    @Test func aRankThatFailsEndsTheOthersInsteadOfLeavingThemWaiting() {
        #expect(throws: AdaPertError.self) {
            _ = try LocalCommunicator.run(size: 3) { comm in
                if comm.rank == 1 { throw AdaPertError("rank 1 cannot read its shard") }
                var x: [Float] = [1]
                try comm.allreduceSum(&x)  // ranks 0 and 2 would wait forever for rank 1
                return x
            }
        }
    }

    @Test func mismatchedCountsAreAnErrorNotCorruption() {
        #expect(throws: AdaPertError.self) {
            _ = try LocalCommunicator.run(size: 2) { comm in
                var x = [Float](repeating: 1, count: comm.rank + 1)
                try comm.allreduceSum(&x)
            }
        }
    }

    @Test(arguments: [1, 2, 4])
    func commCheckPassesOnThreadRanks(ranks: Int) throws {
        let reports = try LocalCommunicator.run(size: ranks) { comm in
            try CommCheck(bufferElements: 10_001, bucketBytes: 4_096).run(on: comm)
        }
        for report in reports {
            #expect(report.worldSize == ranks)
            #expect(report.failedChecks == [])
            #expect(report.checks.count == 12)
        }
    }
}
