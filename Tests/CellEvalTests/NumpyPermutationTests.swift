@testable import CellEval
import Testing

/// References printed once by numpy 2.4.6: `np.random.default_rng(s).bit_generator.state` and
/// `.permutation(np.arange(n, dtype=np.int64))`.
@Suite struct NumpyPermutationTests {
    @Test func seedingMatchesNumpy() {
        // default_rng(0): state 35399562948360463058890781895381311971, inc 87136372517582989555478159403783844777.
        // As (high, low) 64-bit words: state (1919014152682489133, 673392287158723043),
        // inc (4723672219303484034, 6377435431028945833).
        let s = NumpyGenerator(seed: 0).stateWords
        #expect(s.high == 1_919_014_152_682_489_133 && s.low == 673_392_287_158_723_043)
        #expect(s.incHigh == 4_723_672_219_303_484_034 && s.incLow == 6_377_435_431_028_945_833)
    }

    @Test func permutationsMatchNumpy() {
        var g = NumpyGenerator(seed: 0)
        #expect(g.permutation(Array(0..<10)) == [4, 6, 2, 7, 3, 5, 9, 0, 8, 1])
        #expect(g.permutation(Array(0..<7)) == [3, 2, 0, 6, 4, 5, 1])
        var h = NumpyGenerator(seed: 12345)
        #expect(Array(h.permutation(Array(0..<100)).prefix(10)) == [32, 6, 97, 84, 0, 44, 34, 60, 92, 19])
    }
}
