@testable import DistTrain
import Foundation
import Testing

@Suite(.serialized) struct CommStopSignalTests {
    @Test(arguments: [1, 2, 4])
    func everyRankStopsWhenAnyRankWasSignalled(ranks: Int) throws {
        let results = try LocalCommunicator.run(size: ranks) { comm in
            let quiet = try StopSignal.agreedSignal(local: 0, comm)
            let oneSignalled = try StopSignal.agreedSignal(local: comm.rank == ranks - 1 ? SIGTERM : 0, comm)
            return (quiet, oneSignalled)
        }
        for (quiet, oneSignalled) in results {
            #expect(quiet == 0)
            #expect(oneSignalled == SIGTERM)
        }
    }

    @Test func theHandlerRecordsTheSignalInsteadOfEndingTheProcess() throws {
        StopSignal.install([SIGUSR1])
        // To the process, as mpirun sends it; a thread that does not block SIGUSR1 runs the handler.
        kill(getpid(), SIGUSR1)
        let deadline = ContinuousClock.now + .seconds(5)
        while StopSignal.receivedLocally == 0 && ContinuousClock.now < deadline { usleep(1_000) }
        #expect(StopSignal.receivedLocally == SIGUSR1)
        let agreed = try LocalCommunicator.run(size: 2) { try StopSignal.agreedSignal(local: StopSignal.receivedLocally, $0) }
        #expect(agreed == [SIGUSR1, SIGUSR1])
    }
}
