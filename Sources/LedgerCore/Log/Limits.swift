/// Explicit bounds on everything a writer can hand the ledger, so no input can exhaust it.
public enum Limits {
    /// Longest log line (and input line), in bytes, without the `\n`.
    public static let maxLineBytes = 64 * 1024
    /// Most events in one batch (an import of a whole program fits).
    public static let maxBatchEvents = 4 * 1024 * 1024
    /// Most bytes one batch may add to the log.
    public static let maxBatchBytes = 1 << 30
    /// How far the log may grow past the write side's state file before an append rewrites it:
    /// what a one-off append replays at most (~13,000 events, a tenth of a second).
    public static let stateFileEveryBytes: Int64 = 4 << 20
    /// How long a writer waits for another writer's lock before giving up with exit 75.
    public static let defaultLockWaitSeconds = 10.0
}
