@testable import Core
import Testing

@Suite struct MemoryBudgetTests {
    @Test func limitsParseWithUnits() {
        #expect(MemoryBudget.parse("123") == 123 && MemoryBudget.parse("64K") == 65_536)
        #expect(MemoryBudget.parse(" 2g") == 2 << 30 && MemoryBudget.parse("lots") == nil)
    }

    @Test func whatFitsPassesAndWhatDoesNotNamesTheFigures() throws {
        try MemoryBudget.require(count: 1_000, bytesEach: 4, for: "x", fix: "y", budget: 4_000)
        #expect(throws: AdaPertError("m.h5ad: its cells needs 8.0 GB of memory, more than the 1.0 GB available; subsample")) {
            try MemoryBudget.require(count: 2_000_000_000, bytesEach: 4, for: "m.h5ad: its cells", fix: "subsample",
                                     budget: 1_000_000_000)
        }
        #expect(throws: AdaPertError.self) {
            try MemoryBudget.require(count: Int.max / 2, bytesEach: 8, for: "a claimed shape", fix: "re-create it")
        }
    }
}
