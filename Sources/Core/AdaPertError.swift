/// The one error type users see: a message that says what is wrong, in which file or field, and how to fix it.
///
/// Commands print `message` (one to three lines) to stderr and exit non-zero; nothing else is printed.
public struct AdaPertError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
