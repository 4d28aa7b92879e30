@testable import Core
@testable import DistTrain
import Foundation
@testable import TestSupport
import Testing

/// A step whose loss or gradient is not finite stops training with a message naming the step, before the
/// update: the parameters stay those of the last finite step and no checkpoint is written for it.
@Test func aNonFiniteLossStopsTrainingBeforeTheUpdate() throws {
    let screen = try TinyScreen.shared.get()
    let config = try screen.config(maxSteps: 3)
    _ = try LocalCommunicator.run(size: 2) { comm in
        let trainer = try screen.trainer(config, comm: comm)
        trainer.model.store.parameters[0] = .nan
        let before = trainer.parameters
        var checkpoints = 0
        #expect {
            try trainer.train(comm: comm, metrics: nil) { _ in checkpoints += 1 }
        } throws: { error in
            (error as? AdaPertError)?.message.hasPrefix("step 1: the loss") ?? false
        }
        #expect(checkpoints == 0 && trainer.state.step == 0)
        #expect(trainer.parameters.dropFirst().elementsEqual(before.dropFirst()))
    }
}
