/// A checkpoint read from a file, with the file's path (to name it in messages and restore from it).
public struct SavedCheckpoint {
    public let checkpoint: Checkpoint
    public let path: String

    /// Reads and checks the checkpoint at `path` (`Checkpoint.read`).
    public init(reading path: String) throws {
        checkpoint = try Checkpoint.read(from: path)
        self.path = path
    }
}
