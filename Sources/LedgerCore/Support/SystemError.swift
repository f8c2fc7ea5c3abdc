#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which call, on which path, and errno — the cause inside a `LedgerError`.
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
    public let call: String
    public let errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// True for the errors that mean "no room": a full disk, a quota or the file-size limit.
    public var isNoSpace: Bool {
        errno == ENOSPC || errno == EFBIG || errno == EDQUOT
    }
}
