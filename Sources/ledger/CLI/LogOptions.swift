#if canImport(Glibc)
import Glibc
#endif
import LedgerCore

/// The options every command that works on a log shares.
enum LogOptions {
    /// Without `--log` or `$LEDGER_LOG`, commands read the committed demo log.
    static let defaultLog = "events/immerloo.jsonl"

    static let log = OptionSpec("log", value: "FILE", "the log file (default: $LEDGER_LOG, else \(defaultLog))")
    static let json = OptionSpec("json", "print machine-readable JSON instead of text")
    static let wait = OptionSpec("wait", value: "SECONDS", "how long to wait for another writer's lock before exiting 75 (default \(Int(Limits.defaultLockWaitSeconds)))")

    static func path(_ arguments: Arguments) -> String {
        arguments.value("log") ?? Context.environment("LEDGER_LOG") ?? defaultLog
    }

    static func store(_ arguments: Arguments, _ context: Context) throws(LedgerError) -> LogStore {
        let path = path(arguments)
        if path == defaultLog && access(path, F_OK) != 0 {
            throw LedgerError(.noInput, "no log given, and the default \(defaultLog) is not in \(currentDirectory()); run from the ledger's repository, or give --log FILE or set LEDGER_LOG")
        }
        var store = LogStore(path: path, clock: context.clock)
        if let text = arguments.value("wait") {
            guard let seconds = Double(text), seconds >= 0, seconds <= 86400 else {
                throw arguments.usageError("--wait \(text) is not a number of seconds between 0 and 86400")
            }
            store.lockWait = seconds
        }
        return store
    }
}

/// The working directory, for messages.
func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "this directory" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
