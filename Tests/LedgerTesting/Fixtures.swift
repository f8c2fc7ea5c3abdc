#if canImport(Glibc)
import Glibc
#endif
import LedgerCore

/// Small, valid events and scratch files for the tests.
public enum Fixtures {
    public static let day = CalendarDate.parseDate("2024-04-01")!
    public static let clock = FixedClock(CalendarDate.parseTimestamp("2026-01-01T09:00:00Z")!)

    public static func deposit(_ cents: Int64 = 42_500_000, key: String? = nil) -> PendingEvent {
        PendingEvent(type: .fundDeposited, effective: day, actor: "program-01", key: key,
                     data: ["fund": "afkoopfonds", "amountCents": .integer(cents), "source": "gemeente"])
    }

    public static func approach(_ household: String, key: String? = nil) -> PendingEvent {
        PendingEvent(type: .householdApproached, effective: day + 2, actor: "coach-01", key: key,
                     household: household, data: ["channel": "letter"])
    }

    /// A fresh path in a fresh directory; the file does not exist yet.
    public static func scratchPath(_ name: String = "log.jsonl") -> String {
        var template = Array("/tmp/ledger-test-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        return directory + "/" + name
    }

    /// A log with `count` events in batches of `batchSize`.
    public static func log(events count: Int, batchSize: Int = 1) throws -> LogStore {
        let store = LogStore(path: scratchPath(), clock: clock)
        try store.create()
        var pending = (1...count).map { approach("HH-\($0)") }
        while !pending.isEmpty {
            let batch = Array(pending.prefix(batchSize))
            pending.removeFirst(batch.count)
            try store.append(batch)
        }
        return store
    }

    public static func read(_ path: String) -> [UInt8] {
        (try? LogFile.contents(of: path)) ?? []
    }

    public static func write(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        bytes.withUnsafeBytes { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    public static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    /// Lines joined back into log bytes, each with its `\n`.
    public static func joined(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [0x0A] }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
