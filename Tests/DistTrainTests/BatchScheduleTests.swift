@testable import DistTrain
import Testing

@Suite struct BatchScheduleTests {
    let schedule = BatchSchedule(trainingPerturbations: [9, 2, 7, 4, 11, 5, 1], perStep: 3, cellsPerPerturbation: 5, seed: 42)

    @Test func everyEpochVisitsEveryTrainingPerturbationOnce() {
        #expect(schedule.stepsPerEpoch == 3)
        var orders: [[Int]] = []
        for epoch in 0..<4 {
            let steps = (1...schedule.stepsPerEpoch).map { epoch * schedule.stepsPerEpoch + $0 }
            #expect(steps.allSatisfy { schedule.epoch(ofStep: $0) == epoch })
            let order = steps.flatMap { schedule.perturbations(atStep: $0) }
            #expect(steps.map { schedule.perturbations(atStep: $0).count } == [3, 3, 1])
            #expect(order.sorted() == [1, 2, 4, 5, 7, 9, 11])
            orders.append(order)
        }
        #expect(Set(orders).count > 1, "each epoch draws its own permutation")
    }

    @Test func theBatchIsAFunctionOfSeedAndStepOnly() {
        let again = BatchSchedule(trainingPerturbations: [1, 2, 4, 5, 7, 9, 11], perStep: 3, cellsPerPerturbation: 5, seed: 42)
        let otherSeed = BatchSchedule(trainingPerturbations: [1, 2, 4, 5, 7, 9, 11], perStep: 3, cellsPerPerturbation: 5, seed: 43)
        let steps = Array(1...12)
        #expect(steps.map { schedule.perturbations(atStep: $0) } == steps.map { again.perturbations(atStep: $0) })
        #expect(steps.map { schedule.perturbations(atStep: $0) } != steps.map { otherSeed.perturbations(atStep: $0) })
    }

    @Test func cellPositionsAreDistinctSortedInRangeAndDeterministic() {
        for step in 1...20 {
            let positions = schedule.cellPositions(perturbation: 7, cellCount: 40, step: step)
            #expect(positions.count == 5)
            #expect(positions == positions.sorted() && Set(positions).count == 5)
            #expect(positions.allSatisfy { (0..<40).contains($0) })
            #expect(positions == schedule.cellPositions(perturbation: 7, cellCount: 40, step: step))
        }
        let draws = Set((1...20).map { schedule.cellPositions(perturbation: 7, cellCount: 40, step: $0) })
        #expect(draws.count > 15, "steps draw different cells")
        #expect(schedule.cellPositions(perturbation: 7, cellCount: 40, step: 1)
                != schedule.cellPositions(perturbation: 9, cellCount: 40, step: 1))
        #expect(schedule.cellPositions(perturbation: 7, cellCount: 4, step: 1) == [0, 1, 2, 3], "all cells when few")
    }
}
