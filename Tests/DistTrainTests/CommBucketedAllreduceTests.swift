@testable import DistTrain
import Testing

@Suite struct CommBucketedAllreduceTests {
    @Test(arguments: [(1, 7), (2, 7), (4, 7), (4, 1_000_000), (3, 1)])
    func bucketedSumEqualsOneAllreduceBitForBit(ranks: Int, bucketFloats: Int) throws {
        let count = 1_001  // not a multiple of the bucket size: the last bucket is short
        let results = try LocalCommunicator.run(size: ranks) { comm in
            let x = (0..<count).map { Float($0) * 0.1 + Float(comm.rank) * 1e-3 + 1 / Float($0 + comm.rank + 1) }
            var bucketed = x
            var plain = x
            try BucketedAllreduce(bucketBytes: bucketFloats * 4).sum(&bucketed, over: comm)
            try comm.allreduceSum(&plain)
            return (bucketed, plain)
        }
        for (bucketed, plain) in results {
            #expect(bucketed.map(\.bitPattern) == plain.map(\.bitPattern))
        }
        #expect(Set(results.map { $0.0.map(\.bitPattern) }).count == 1)
    }

    @Test func defaultBucketIsFourMegabytesOfFloats() {
        #expect(BucketedAllreduce().bucketElements == 1 << 20)
        #expect(BucketedAllreduce(bucketBytes: 1).bucketElements == 1)
    }
}
