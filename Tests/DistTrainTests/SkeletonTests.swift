import Testing
@testable import DistTrain
@Test func skeleton() { #expect(true) }
