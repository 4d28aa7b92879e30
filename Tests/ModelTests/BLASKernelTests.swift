import Testing
@testable import Model

/// The kernel choice from CPU features (pure functions; no test depends on this machine's CPU).
@Suite struct BLASKernelTests {
    static func cpu(_ flags: String, amd: Bool = false) -> BLASKernel.CPUFeatures {
        BLASKernel.CPUFeatures(cpuinfo: """
            processor\t: 0
            vendor_id\t: \(amd ? "AuthenticAMD" : "GenuineIntel")
            flags\t\t: fpu sse sse2 \(flags)

            processor\t: 1
            flags\t\t: fpu
            """)
    }
    static let avx512 = "avx avx2 fma avx512f avx512dq avx512bw avx512vl"

    @Test func parsesTheFirstProcessorsFlags() {
        let c = Self.cpu("avx avx2 fma", amd: true)
        #expect(c.isAMD && c.flags.contains("avx2") && c.flags.contains("sse2"))
        #expect(c.level == .avx2 && c.bestCore == "Zen")
        #expect(Self.cpu("avx avx2 fma").bestCore == "Haswell")
        #expect(Self.cpu("avx avx2").level == .avx)  // AVX2 without FMA: not Haswell-level
        #expect(Self.cpu(Self.avx512).bestCore == "SkylakeX")
        #expect(Self.cpu(Self.avx512 + " avx512_bf16").bestCore == "Cooperlake")
        #expect(Self.cpu("avx avx2 fma avx512f").level == .avx2)  // F alone is not enough for SkylakeX kernels
        #expect(Self.cpu("ssse3").bestCore == nil)
    }

    @Test func recommendsOnlyCoresAboveTheDetectedOne() {
        #expect(BLASKernel.recommendedCore(detected: "Prescott", cpu: Self.cpu(Self.avx512)) == "SkylakeX")
        #expect(BLASKernel.recommendedCore(detected: "Haswell", cpu: Self.cpu(Self.avx512)) == "SkylakeX")
        #expect(BLASKernel.recommendedCore(detected: "Nehalem", cpu: Self.cpu("avx avx2 fma")) == "Haswell")
        #expect(BLASKernel.recommendedCore(detected: "Zen", cpu: Self.cpu("avx avx2 fma", amd: true)) == nil)
        #expect(BLASKernel.recommendedCore(detected: "SkylakeX", cpu: Self.cpu(Self.avx512)) == nil)
        // Never a core the CPU cannot run.
        #expect(BLASKernel.recommendedCore(detected: "SkylakeX", cpu: Self.cpu("avx avx2 fma")) == nil)
        #expect(BLASKernel.recommendedCore(detected: "Prescott", cpu: Self.cpu("ssse3")) == nil)
        #expect(BLASKernel.level(ofCore: "ZEN") == .avx2 && BLASKernel.level(ofCore: "core2") == .sse)
    }

    @Test func reportsTheLoadedLibrary() {
        #expect(!BLASKernel.coreName.isEmpty)
        #expect(BLASKernel.configuration.hasPrefix("OpenBLAS"))
        #expect(BLASKernel.summary().contains(BLASKernel.coreName))
    }
}
