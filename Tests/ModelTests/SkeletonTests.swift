import Testing
@testable import Model
@Test func skeleton() { #expect(true) }
