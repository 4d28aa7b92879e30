import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which OpenBLAS kernels this process runs, and whether better ones fit the CPU.
///
/// A DYNAMIC_ARCH OpenBLAS picks its kernels ("core") once, when the library is loaded, from cpuid;
/// an OpenBLAS older than the CPU does not know its model and falls back to old kernels (Debian's 0.3.21
/// runs SSE3 "Prescott" kernels on some AVX-512 Xeons: 3-4x slower sgemm). `OPENBLAS_CORETYPE` overrides
/// the choice, but only at load time, so `selectBestCore` re-executes the process with it set.
public enum BLASKernel {
    /// Vector instruction set levels that OpenBLAS's x86-64 kernels are written for.
    public enum ISALevel: Int, Comparable, Sendable, CustomStringConvertible {
        case sse = 0, avx, avx2, avx512
        public static func < (a: ISALevel, b: ISALevel) -> Bool { a.rawValue < b.rawValue }
        public var description: String {
            switch self {
            case .sse: return "SSE"
            case .avx: return "AVX"
            case .avx2: return "AVX2+FMA"
            case .avx512: return "AVX-512"
            }
        }
    }

    /// The CPU features that decide the kernel level, as the kernel reports them in /proc/cpuinfo
    /// (Linux lists only what it has enabled, so an AVX-512 CPU under an OS without AVX-512 state
    /// support shows no avx512 flags).
    public struct CPUFeatures: Sendable, Equatable {
        public var flags: Set<String>
        /// AMD or Hygon (OpenBLAS's AVX2 kernels for them are named Zen; Intel's Haswell).
        public var isAMD: Bool

        public init(flags: Set<String>, isAMD: Bool) {
            self.flags = flags
            self.isAMD = isAMD
        }

        /// Parses the first processor's `flags` and `vendor_id` lines of /proc/cpuinfo text.
        public init(cpuinfo: String) {
            var flags = Set<String>(), isAMD = false
            for line in cpuinfo.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = parts[0].trimmingSpaces, value = parts[1].trimmingSpaces
                if key == "vendor_id" { isAMD = value == "AuthenticAMD" || value == "HygonGenuine" }
                if key == "flags" {
                    flags = Set(value.split(separator: " ").map(String.init))
                    break
                }
            }
            self.init(flags: flags, isAMD: isAMD)
        }

        /// This machine's features, nil where /proc/cpuinfo is not readable (not Linux).
        public static func current() -> CPUFeatures? {
            guard let text = readTextFile("/proc/cpuinfo") else { return nil }
            return CPUFeatures(cpuinfo: text)
        }

        /// AVX-512 needs F, BW, DQ and VL (the SkylakeX kernels use them); AVX2 needs FMA as well.
        public var level: ISALevel {
            if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return .avx512 }
            if flags.contains("avx2") && flags.contains("fma") { return .avx2 }
            if flags.contains("avx") { return .avx }
            return .sse
        }

        /// The OpenBLAS core type that fits: Cooperlake (AVX-512 with BF16), SkylakeX (AVX-512),
        /// Zen or Haswell (AVX2), Sandybridge (AVX); nil for SSE only (auto-detection is as good as it gets).
        public var bestCore: String? {
            switch level {
            case .avx512: return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
            case .avx2: return isAMD ? "Zen" : "Haswell"
            case .avx: return "Sandybridge"
            case .sse: return nil
            }
        }
    }

    /// The kernel set in use, e.g. "Zen", "Prescott" (`openblas_get_corename`).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// The library's build line, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    public static var configuration: String {
        String(cString: openblas_get_config()).trimmingSpaces
    }

    /// Only a DYNAMIC_ARCH build reads OPENBLAS_CORETYPE.
    public static var isDynamicArch: Bool { configuration.contains("DYNAMIC_ARCH") }

    /// The instruction set an OpenBLAS core's kernels use (OpenBLAS's x86-64 core names, any case).
    public static func level(ofCore name: String) -> ISALevel {
        switch name.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return .avx512
        case "haswell", "zen": return .avx2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return .avx
        default: return .sse  // Prescott, Core2, Penryn, Dunnington, Nehalem, Atom, Barcelona, Opteron, ...
        }
    }

    /// The core to force, when the detected one is below what the CPU runs; nil when it fits.
    public static func recommendedCore(detected: String, cpu: CPUFeatures) -> String? {
        guard let best = cpu.bestCore, level(ofCore: detected) < cpu.level else { return nil }
        return best
    }

    /// One line for logs and `--dry-run`: the library, its core and the CPU's level.
    public static func summary() -> String {
        let cpu = CPUFeatures.current().map { ", CPU supports \($0.level)" } ?? ""
        return "OpenBLAS kernels: \(coreName) (\(level(ofCore: coreName)))\(cpu); \(configuration)"
    }

    /// Set in the re-executed process: the core OpenBLAS had auto-detected before `selectBestCore` forced one.
    static let markerVariable = "ADAPERT_OPENBLAS_DETECTED_CORE"

    /// Call first thing in `main`, before MPI_Init and before any BLAS call: when the user set no
    /// OPENBLAS_CORETYPE, the library is DYNAMIC_ARCH, and its auto-detected core is below the CPU's
    /// level, re-executes this program (same arguments, same pid) with OPENBLAS_CORETYPE set to the
    /// fitting core. Logs one line in the re-executed process (or one warning if exec fails); silent otherwise.
    /// The user's OPENBLAS_CORETYPE always wins: it is never changed or overridden.
    /// `assumeDetected` replaces the library's answer (to show the re-execution on a machine where
    /// OpenBLAS detects correctly: `ModelBench --blas-reexec-demo`).
    public static func selectBestCore(assumeDetected: String? = nil, log: (String) -> Void) {
        if getenv("OPENBLAS_CORETYPE") != nil {
            if let detected = getenv(markerVariable) {
                log("OpenBLAS kernels: \(coreName), chosen by AdaPert: OpenBLAS auto-detected "
                    + "\(String(cString: detected)), below this CPU's \(CPUFeatures.current()?.level.description ?? "level") "
                    + "(set OPENBLAS_CORETYPE to choose yourself)")
            }
            return
        }
        guard isDynamicArch, let cpu = CPUFeatures.current() else { return }
        let detected = assumeDetected ?? coreName
        guard let core = recommendedCore(detected: detected, cpu: cpu) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(markerVariable, detected, 1)
        #if os(Linux)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
        // Only reached when exec failed: carry on with the detected kernels.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(markerVariable)
        log("warning: OpenBLAS runs \(detected) kernels on a \(cpu.level) CPU; re-executing with "
            + "OPENBLAS_CORETYPE=\(core) failed (errno \(errno)); set it yourself for faster matrix products")
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}

/// The whole text of a small file, nil if it cannot be opened.
private func readTextFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let read = fread(&buffer, 1, buffer.count, file)
        if read <= 0 { break }
        bytes.append(contentsOf: buffer[0..<read])
    }
    return String(decoding: bytes, as: UTF8.self)
}
