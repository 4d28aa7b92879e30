import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended and what it printed on stderr (stdout is discarded).
public struct ChildRun: Sendable {
    public enum Ending: Sendable, Equatable { case exit, signal }
    public let ending: Ending
    /// The exit status, or the signal number when `ending == .signal`.
    public let status: Int32
    public let standardError: String

    /// The stderr lines from the first `Error: ` on (none when there is no error line).
    public var errorLines: [Substring] {
        guard let start = standardError.range(of: "Error: ") else { return [] }
        return standardError[start.lowerBound...].split(separator: "\n")
    }
}

extension TestFiles {
    /// Runs `executable` with `arguments`, killing it and throwing after `timeoutSeconds` (a hang).
    ///
    /// posix_spawn and a `waitpid` on this one pid, polled every 5 ms, instead of Foundation's `Process`: its
    /// termination handler depends on a SIGCHLD monitor shared by every thread of the test process, and a
    /// child that had exited was once reported as still running after 60 s. The child gets stdout on
    /// /dev/null, stderr on a pipe and no other descriptor of this process; the pipe is close-on-exec, so
    /// children that other tests start meanwhile do not hold it open.
    public static func runToCompletion(_ executable: URL, _ arguments: [String],
                                       timeoutSeconds: Double) throws -> ChildRun {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        // Nothing else of this process: an inherited descriptor of a file that a test has open keeps libhdf5's
        // lock on it alive in the child, and the test's next open of that file fails.
        guard let closeFrom = Self.addCloseFrom, closeFrom(&actions, 3) == 0 else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey:
                "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or newer has it)"])
        }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw POSIXError(.init(rawValue: spawned) ?? .EIO)
        }
        let captured = ChildOutput()
        let drained = DispatchSemaphore(value: 0)
        let readEnd = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true)
        DispatchQueue.global().async {
            captured.data = readEnd.readDataToEndOfFile()
            drained.signal()
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                let state = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? "?"
                kill(pid, SIGKILL)  // adapert turns SIGTERM into a stop at the next step
                _ = waitpid(pid, &status, 0)
                throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey:
                    "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) still ran after "
                    + "\(timeoutSeconds) s (waiting in \(state))"])
            }
            usleep(5000)
        }
        drained.wait()
        let signal = status & 0x7f
        return ChildRun(ending: signal == 0 ? .exit : .signal, status: signal == 0 ? (status >> 8) & 0xff : signal,
                        standardError: String(decoding: captured.data, as: UTF8.self))
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which Swift's Glibc module does not declare.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }
    }()

    /// The bytes a reader thread collected, handed over once the reader signals it is done.
    private final class ChildOutput: @unchecked Sendable {
        var data = Data()
    }
}
