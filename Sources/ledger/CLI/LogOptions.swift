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
        var store = LogStore(path: path(arguments), clock: context.clock)
        if let text = arguments.value("wait") {
            guard let seconds = Double(text), seconds >= 0, seconds <= 86400 else {
                throw arguments.usageError("--wait \(text) is not a number of seconds between 0 and 86400")
            }
            store.lockWait = seconds
        }
        return store
    }
}
