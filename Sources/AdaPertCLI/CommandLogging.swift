import Logging

extension Logging.Logger {
    /// A command's logger: information from rank 0, only warnings and errors from the other ranks (the
    /// handler is bootstrapped once by the `adapert` executable).
    public static func command(_ label: String, rank: Int = 0) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = rank == 0 ? .info : .warning
        return logger
    }
}
