import ArgumentParser
import Core
import DistTrain
import HDF5

/// `adapert comm-check`: a developer check that the ranks of an mpirun (or Slurm) job can talk.
public struct CommCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "comm-check",
        abstract: "Check that the ranks of an MPI job can talk to each other (developer tool).",
        discussion: """
            Runs every collective adapert training uses (allreduce sum/max/min of float, double and int64, \
            the bucketed gradient allreduce of a large buffer, broadcast with checksum verification, \
            allgatherv, gatherv, alltoallv, stop-signal agreement) on known values and verifies the results \
            on every rank. Rank 0 prints one JSON line: world_size, passed, the verdict of each check, the \
            hosts and the bucketed allreduce throughput. Exits 1 if any check fails on any rank.

            Examples:
              mpirun -np 2 adapert comm-check
              mpirun --oversubscribe -np 4 adapert comm-check --buffer-elements 10000000
              adapert comm-check            # without mpirun: a 1-rank job
              mpirun -np 2 adapert comm-check --fail-on-rank 1   # must end at once
            """
    )

    @Option(help: "Floats in the buffer summed by the bucketed allreduce.")
    var bufferElements: Int = 3_000_000

    @Option(help: "Bytes per allreduce bucket.")
    var bucketBytes: Int = BucketedAllreduce.defaultBucketBytes

    @Option(help: ArgumentHelp(
        "Make this rank fail before the checks, while the others wait in a collective (tests fail-fast).",
        discussion: "The job must end at once with a non-zero status and the error printed once, never hang."))
    var failOnRank: Int?

    public init() {}

    public func validate() throws {
        guard bufferElements >= 1 else { throw ValidationError("--buffer-elements must be at least 1") }
        guard bucketBytes >= MemoryLayout<Float>.stride else {
            throw ValidationError("--bucket-bytes must be at least \(MemoryLayout<Float>.stride) (one float)")
        }
    }

    public func run() throws {
        let comm: MPICommunicator
        do { comm = try MPICommunicator.world() } catch {
            printToStandardError("Error: \(error)")
            throw ExitCode(1)
        }
        let report: CommCheckReport
        let hosts: [String]
        do {
            if comm.rank == failOnRank {
                throw AdaPertError("comm-check: rank \(comm.rank) failed on purpose (--fail-on-rank)")
            }
            report = try CommCheck(bufferElements: bufferElements, bucketBytes: bucketBytes).run(on: comm)
            let names = try comm.allgatherv(Array(try comm.processorName().utf8))
            hosts = Array(Set(names.map { String(decoding: $0, as: UTF8.self) })).sorted()
        } catch {
            comm.failFast(error)
        }
        if comm.rank == 0 {
            print(report.jsonLine(hosts: hosts))
            if !report.passed {
                printToStandardError("Error: comm-check failed: \(report.failedChecks.joined(separator: ", "))")
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
