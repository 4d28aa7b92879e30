@testable import Core
@testable import DistTrain
@testable import Model
import Testing

@Suite struct CommReplicaCheckTests {
    @Test func fnv1aMatchesPublishedVectors() {
        // Test vectors from the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/).
        #expect([UInt8]().withUnsafeBytes(StableHash.fnv1a64) == 0xcbf2_9ce4_8422_2325)
        #expect([UInt8]("a".utf8).withUnsafeBytes(StableHash.fnv1a64) == 0xaf63_dc4c_8601_ec8c)
        #expect([UInt8]("foobar".utf8).withUnsafeBytes(StableHash.fnv1a64) == 0x8594_4171_f739_67e8)
    }

    @Test(arguments: [1, 2, 4])
    func broadcastAndVerifyGivesEveryRankRankZerosParameters(ranks: Int) throws {
        let parameters = (0..<10_000).map { Float($0).squareRoot() }
        let results = try LocalCommunicator.run(size: ranks) { comm in
            var buffer = comm.rank == 0 ? parameters : [Float](repeating: .nan, count: parameters.count)
            try comm.broadcastAndVerify(&buffer)
            return buffer
        }
        for buffer in results { #expect(buffer.map(\.bitPattern) == parameters.map(\.bitPattern)) }
    }

    @Test func differingReplicasFailOnEveryRank() throws {
        let outcomes = try LocalCommunicator.run(size: 4) { comm in
            var buffer = [Float](repeating: 1, count: 64)
            if comm.rank == 2 { buffer[63] = 1.0000001 }  // one ulp apart on one rank
            do {
                try comm.verifyIdentical(buffer, what: "initial parameters")
                return ""
            } catch let error as AdaPertError {
                return error.message
            }
        }
        for message in outcomes {
            #expect(message.hasPrefix("initial parameters differ between ranks"))
        }
    }
}
