@testable import AdaPertCLI
@testable import Core
import Testing

/// `evaluate --synthetic` sizes are checked before the cells are generated: a shape larger than this machine's
/// memory, or one whose size does not fit an Int, is an error naming the option.
@Test func syntheticShapesBeyondMemoryAreRefused() throws {
    #expect(try EvaluateCommand.parseShape("20x30x4x50") == [20, 30, 4, 50])
    for shape in ["100000x100000x1000x1000", "9223372036854775807x9223372036854775807x2x2"] {
        let error = #expect(throws: AdaPertError.self) { try EvaluateCommand.parseShape(shape) }
        #expect(error?.message.contains("--synthetic '\(shape)'") == true, "\(error?.message ?? "")")
    }
}
