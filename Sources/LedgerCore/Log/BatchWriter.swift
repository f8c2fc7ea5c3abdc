import Dispatch

extension LogStore {
    /// How many events of a batch are encoded before they are written (a few megabytes).
    static let windowEvents = 16_384
    /// Below this many events, a window is encoded on one thread — and a whole batch this small
    /// is encoded, chained and written on the calling thread: handing one event to another
    /// thread cost a durable single append more than its encoding.
    static let minimumParallelEvents = 2048

    /// Writes a batch after `start` and makes it durable; returns where the log ends. A window
    /// at a time, the batch decides its events on the calling thread, and threads of their own
    /// encode them (on every core), chain them and write them in order while the calling thread
    /// decides the next window: the rules and the chain — the two steps that must go in order —
    /// overlap each other and the rest. Anything that stops the batch half-way cuts the file back
    /// to `start` (readers meanwhile see an unfinished batch and wait for the lock, as they do for
    /// any append). `durable: false` leaves the sync to the caller (a `WriteSession`).
    func writeBatch(_ batch: Batch, to file: LogFile, after start: LogPosition, recordedAt: Int64, durable: Bool = true) throws(LedgerError) -> LogPosition {
        let writer = BatchWriter(self, file, after: start, batchCount: batch.count, recordedAt: recordedAt,
                                 onCallingThread: batch.count < Self.minimumParallelEvents)
        do throws(LedgerError) {
            var from = 0
            while from < batch.count {
                let window = from..<min(batch.count, from + Self.windowEvents)
                try writer.submit(try batch.events(window), window, label: batch.label)
                from = window.upperBound
            }
            try batch.finish()
            let end = try writer.finish(label: batch.label)
            batch.written(end)
            if durable { try writing(file, batchFrom: start) { () throws(SystemError) in try file.sync() } }
            return end
        } catch {
            // The writer may still be at work on a window: let it stop before cutting back.
            let reached = writer.stop()
            if error.code == .rejected && reached > start.offset { try cutBack(file, to: start, after: error) }
            throw error
        }
    }
}

/// Encodes the windows of a batch on one thread of its own (and every core), and chains and
/// writes them in order on another, so that a window is encoded while the one before is hashed
/// and written (or all on the calling thread, for a small batch). At most two windows wait for
/// it at a time, so the rules never run far ahead of the disk.
private final class BatchWriter: @unchecked Sendable {
    private let store: LogStore
    private let file: LogFile
    private let start: LogPosition
    private let batchCount: Int
    private let recordedAt: Int64
    /// Nil when the batch is written on the calling thread.
    private let encoder, queue: DispatchQueue?
    /// A large batch's way past the page cache (nil: through it).
    private let direct: DirectWriter?
    private let room = DispatchSemaphore(value: 2)
    // Touched only on `queue` (if any), or after waiting for it.
    private var end: LogPosition
    private var failure: Failure?

    /// Why the writer stopped. A line too long is named by the calling thread, which alone may
    /// ask the batch for labels (the rules are still at work on them).
    private enum Failure: Error {
        case error(LedgerError)
        case lineTooLong(index: Int, bytes: Int)

        func reported(_ label: (Int) -> String) -> LedgerError {
            switch self {
            case .error(let error): error
            case .lineTooLong(let index, let bytes):
                .rejected("\(label(index)): the event is \(bytes) bytes as a log line, over the \(Limits.maxLineBytes)-byte limit")
            }
        }
    }

    init(_ store: LogStore, _ file: LogFile, after start: LogPosition, batchCount: Int, recordedAt: Int64, onCallingThread: Bool) {
        self.store = store
        self.file = file
        self.start = start
        self.batchCount = batchCount
        self.recordedAt = recordedAt
        encoder = onCallingThread ? nil : DispatchQueue(label: "ledger.batch-encoder")
        queue = onCallingThread ? nil : DispatchQueue(label: "ledger.batch-writer")
        direct = onCallingThread ? nil : DirectWriter(file, from: start.offset)
        end = start
    }

    /// Queues the events of `window` to be encoded, chained and written after those before;
    /// throws the failure of a window before it, if one failed.
    func submit(_ events: [PendingEvent], _ window: Range<Int>, label: (Int) -> String) throws(LedgerError) {
        room.wait()
        if let failure = afterQueued({ failure }) {
            room.signal()
            throw failure.reported(label)
        }
        if let encoder, let queue {
            encoder.async { [self] in
                let encoded = encode(events, window)
                queue.async { [self] in write(encoded) }
            }
        } else {
            write(encode(events, window))
        }
    }

    private func encode(_ events: [PendingEvent], _ window: Range<Int>) -> [EncodedLines] {
        // More parts than cores, so that a core the rules share still gets its fill.
        let parts = window.count < LogStore.minimumParallelEvents ? 1 : 4 * Parallel.cores
        return Parallel.map(parts, minimumPerCore: 1, balanced: true) { part in
            EncodedLines(events, (window.count * part / parts)..<(window.count * (part + 1) / parts), of: window,
                         seq: start.seq + Int64(window.lowerBound) + 1, batchCount: batchCount, recordedAt: recordedAt)
        }
    }

    /// Chains and writes a window's lines, unless a window before failed.
    private func write(_ encoded: [EncodedLines]) {
        defer { room.signal() }
        guard failure == nil else { return }
        if let (index, bytes) = encoded.lazy.compactMap(\.tooLong).first {
            failure = .lineTooLong(index: index, bytes: bytes)
            return
        }
        for lines in encoded {
            guard end.offset - start.offset + Int64(lines.byteCount) <= Int64(Limits.maxBatchBytes) else {
                failure = .error(.rejected("the batch is over the limit of \(Limits.maxBatchBytes) bytes"))
                return
            }
            let head = lines.chain(from: end.head)
            do throws(LedgerError) {
                try store.writing(file, batchFrom: start) { () throws(SystemError) in
                    if let direct { return try lines.withBytes(direct.write) }
                    try lines.withBytes { bytes throws(SystemError) in try file.writeAll(bytes, at: end.offset) }
                    // A large batch (on a thread of its own): the disk can start on this part now.
                    if queue != nil { file.startWriting(lines.byteCount, at: end.offset) }
                }
            } catch {
                failure = .error(error)
                return
            }
            end = LogPosition(offset: end.offset + Int64(lines.byteCount), seq: end.seq + Int64(lines.count), head: head)
        }
    }

    /// Waits for every window queued; returns where the log ends after them.
    func finish(label: (Int) -> String) throws(LedgerError) -> LogPosition {
        let outcome: Result<LogPosition, Failure> = afterQueued {
            if failure == nil, let direct {
                do throws(LedgerError) {
                    try store.writing(file, batchFrom: start) { () throws(SystemError) in try direct.finish() }
                } catch {
                    failure = .error(error)
                }
            }
            return failure.map { .failure($0) } ?? .success(end)
        }
        return try outcome.mapError { $0.reported(label) }.get()
    }

    /// Waits for the windows queued and the disk's writes of them (the file may be cut back
    /// next); returns how far they reached into the file.
    func stop() -> Int64 {
        afterQueued {
            direct?.drain()
            return end.offset
        }
    }

    /// `read()` once the windows queued so far are written.
    private func afterQueued<T>(_ read: () -> T) -> T {
        encoder?.sync {}  // every window encoded is queued for writing
        return queue?.sync(execute: read) ?? read()
    }
}
