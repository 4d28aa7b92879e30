import Foundation

/// Training progress for people: on a terminal one line rewritten in place (step, loss, cells/s, ETA);
/// otherwise a plain line every `logEvery` steps, for log files and Slurm output.
final class ProgressReporter {
    let total: Int
    let logEvery: Int
    let enabled: Bool
    /// In place only on a terminal of our own: under mpirun the ranks' output is relayed line by line.
    let interactive = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"] == nil
    let started = Date()
    var firstStep: Int?

    init(total: Int, logEvery: Int, enabled: Bool) {
        self.total = total
        self.logEvery = logEvery
        self.enabled = enabled
    }

    func report(step: Int, loss: Double, cellsPerSecond: Double) {
        guard enabled else { return }
        let first = firstStep ?? step
        firstStep = first
        let elapsed = Date().timeIntervalSince(started)
        let perStep = elapsed / Double(step - first + 1)
        let eta = Int(perStep * Double(total - step))
        let line = String(format: "step %d/%d  loss %.5f  %.0f cells/s  ETA %d:%02d", step, total, loss, cellsPerSecond,
                          eta / 60, eta % 60)
        if interactive {
            print("\r" + line, terminator: step == total ? "\n" : "")
            fflush(nil)
        } else if step % logEvery == 0 || step == total {
            print(line)
            fflush(nil)
        }
    }
}
