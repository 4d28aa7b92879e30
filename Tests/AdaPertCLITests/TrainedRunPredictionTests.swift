@testable import AnnData
@testable import DistTrain
import Foundation
@testable import Inference
import Logging
import Testing
import TestSupport

extension TrainedRunTests {
    /// `predict` on 3 thread-ranks: each rank predicts the perturbations it owns, rank 0 writes; the deltas and
    /// the files (predicted and real cells) are the bits of one process's.
    @Test func predictionOnThreeRanksWritesWhatOneProcessWrites() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = TinyRun.path
            func predict(ranks: Int) throws -> [[Float]] {
                try LocalCommunicator.run(size: ranks) { comm in
                    let loaded = try LoadedRun.open(path, comm: comm, logger: .silent)
                    let ids = try loaded.perturbationIDs(split: "all", list: nil)
                    let deltas = try loaded.predictedDeltas(ids, isolated: [], comm: comm)
                    let out = folder.appendingPathComponent("np\(ranks)").path
                    try PredictionFiles.write(loaded: loaded, ids: ids, deltas: deltas, output: out + "/pred.h5ad",
                                              writeReal: out + "/real.h5ad", comm: comm)
                    return deltas
                }[0]
            }
            let one = try predict(ranks: 1), three = try predict(ranks: 3)
            #expect(one == three)
            let owners = try LocalCommunicator.run(size: 3) { comm in
                let loaded = try LoadedRun.open(path, comm: comm, logger: .silent)
                return try loaded.perturbationIDs(split: "all", list: nil).filter { loaded.run.owns($0) }.count
            }
            #expect(owners.allSatisfy { $0 > 0 && $0 < one.count }, "each rank should predict a part: \(owners)")
            let csv = { (n: Int) in try String(contentsOfFile: folder.appendingPathComponent("np\(n)/pred.deltas.csv").path, encoding: .utf8) }
            #expect(try csv(1) == csv(3))
            for file in ["pred.h5ad", "real.h5ad"] {
                let read = { (n: Int) in
                    let screen = try AnnDataFile(path: folder.appendingPathComponent("np\(n)/\(file)").path)
                    return (try screen.readRows(0..<screen.nObs), try screen.obs.column("target_gene").stringValues())
                }
                let (x1, labels1) = try read(1), (x3, labels3) = try read(3)
                #expect(x1 == x3 && labels1 == labels3, "\(file)")
            }
        }
    }
}
