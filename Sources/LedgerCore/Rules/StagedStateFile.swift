#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A large batch's state file, made on another thread: the state encoded while the last window
/// is written, the file written and synced under a temporary name while the log is made
/// durable, and put in place only once the batch is (a state file must never stand for a log
/// position the log may not keep).
final class StagedStateFile: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ledger.state-file")
    // Touched only on `queue`, or after waiting for it.
    private var body = BinaryWriter(capacity: 0)
    private var staged: (end: LogPosition, temporary: Result<String, SystemError>)?

    init(_ state: LedgerState) {
        queue.async { [self] in body = StateFile.body(state) }
    }

    /// Writes the file for the log ending at `end` under a temporary name.
    func stage(for end: LogPosition, path: String) {
        queue.async { [self] in
            StateFile.finish(&body, at: end)
            staged = (end, body.withBytes { bytes in Result { () throws(SystemError) in try LogFile.stage(bytes, for: path) } })
            body = BinaryWriter(capacity: 0)
        }
    }

    /// Puts the file staged for the log ending at `end` in place; false when none was.
    func putInPlace(for end: LogPosition, at path: String) throws(SystemError) -> Bool {
        guard let staged = take() else { return false }
        guard staged.end == end else {
            Self.remove(staged)
            return false
        }
        try LogFile.putInPlace(try staged.temporary.get(), at: path)
        return true
    }

    /// Removes a staged file that was not put in place.
    func discard() {
        take().map(Self.remove)
    }

    private static func remove(_ staged: (end: LogPosition, temporary: Result<String, SystemError>)) {
        if case .success(let temporary) = staged.temporary { unlink(temporary) }
    }

    private func take() -> (end: LogPosition, temporary: Result<String, SystemError>)? {
        queue.sync {
            defer { staged = nil }
            return staged
        }
    }
}
