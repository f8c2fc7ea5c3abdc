/// The one error type users see: an exit code, a one-line message naming the offending value,
/// and the underlying cause (a system call's errno, a parse error) for whoever debugs it.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let code: ExitCode
    public let message: String
    public let cause: (any Error & Sendable)?

    public init(_ code: ExitCode, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The line printed on stderr: the message, then the cause when it adds something.
    public var description: String {
        guard let cause else { return message }
        let detail = String(describing: cause)
        return message.hasSuffix(detail) ? message : "\(message): \(detail)"
    }

    public static func usage(_ message: String) -> LedgerError { LedgerError(.usage, message) }
    public static func rejected(_ message: String) -> LedgerError { LedgerError(.rejected, message) }
}
