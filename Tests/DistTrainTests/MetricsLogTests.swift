@testable import DistTrain
import Core
import Foundation
import Testing
import TestSupport

@Test func metricsLogDropsRowsAfterTheCheckpointOnResume() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let path = folder.appendingPathComponent("metrics.csv").path
        do {
            let log = try MetricsLog(path: path, keepThrough: nil)
            for step in 1...5 { log.append(MetricsRow(step: step, epoch: 0, split: "train", values: ["loss": Double(step)])) }
        }
        do {
            let log = try MetricsLog(path: path, keepThrough: 3)
            log.append(MetricsRow(step: 4, epoch: 0, split: "train", values: ["loss": 40]))
        }
        let rows = try MetricsLog.read(path: path)
        #expect(rows.map(\.step) == [1, 2, 3, 4])
        #expect(rows.last?.values["loss"] == 40)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("step,epoch,split,loss,lr,"))
    }
}

@Test func aDamagedMetricsFileIsRefusedAndKept() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID()).csv").path
    let damaged = "step,epoch,split\n1,0\n"
    try damaged.write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: AdaPertError.self) { try MetricsLog(path: path, keepThrough: 3) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == damaged)
}
