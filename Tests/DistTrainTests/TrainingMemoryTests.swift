@testable import Core
@testable import DistTrain
import Model
import TestSupport
import Testing

/// A model too large for the memory is refused before any of it is allocated, with the keys that size it.
@Test func aModelLargerThanTheMemoryIsRefusedBeforeAllocating() throws {
    let screen = try TinyScreen.shared.get()
    var config = try screen.config(maxSteps: 1)
    let run = try screen.prepare(config, comm: LocalCommunicator.oneRank())
    let gigabyte: UInt64 = 1 << 30
    try TrainingMemory.require(config: config, run: run, worldSize: 1, budget: gigabyte)
    config.model.hidden = 2048
    config.model.layers = 8
    let (parameters, activations) = TrainingMemory.bytes(config: config, run: run, worldSize: 1)
    // 8 layers of [2d, d] weights alone are 8 x 2 x 2048^2 = 67M values, 44 bytes each with exact sums.
    #expect(parameters > 44 * 8 * 2 * 2048 * 2048 && activations > 0)
    let error = #expect(throws: AdaPertError.self) {
        try TrainingMemory.require(config: config, run: run, worldSize: 1, budget: gigabyte)
    }
    #expect(error?.message.contains("model.hidden 2048, model.layers 8") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("lower model.hidden or model.layers") == true)
}
