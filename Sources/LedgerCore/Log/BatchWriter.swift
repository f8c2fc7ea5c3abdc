import Dispatch

extension LogStore {
    /// How many events of a batch are encoded before they are written (a few megabytes).
    static let windowEvents = 16_384
    /// Below this many events, a window is encoded on one thread — and a whole batch this small
    /// is encoded, chained and written on the calling thread: handing one event to another
    /// thread cost a durable single append more than its encoding.
    static let minimumParallelEvents = 2048

    /// Writes a batch after `start` and makes it durable; returns where the log ends. A window
    /// at a time, the batch decides its events, they are encoded on every core, and a thread of
    /// its own chains and writes them in order while the next window is decided and encoded:
    /// the rules and the chain — the two steps that must go in order — overlap each other and
    /// the rest. Anything that stops the batch half-way cuts the file back to `start` (readers
    /// meanwhile see an unfinished batch and wait for the lock, as they do for any append).
    /// `durable: false` leaves the sync to the caller (a `WriteSession`).
    func writeBatch(_ batch: Batch, to file: LogFile, after start: LogPosition, recordedAt: Int64, durable: Bool = true) throws(LedgerError) -> LogPosition {
        let writer = BatchWriter(self, file, after: start, onCallingThread: batch.count < Self.minimumParallelEvents)
        do throws(LedgerError) {
            var from = 0
            while from < batch.count {
                let window = from..<min(batch.count, from + Self.windowEvents)
                let events = try batch.events(window)
                // More parts than cores, so that a core the writer thread shares still gets its fill.
                let parts = window.count < Self.minimumParallelEvents ? 1 : 4 * Parallel.cores
                let encoded = Parallel.map(parts, minimumPerCore: 1, balanced: true) { part in
                    EncodedLines(events, (window.count * part / parts)..<(window.count * (part + 1) / parts), of: window,
                                 seq: start.seq + Int64(window.lowerBound) + 1, batchCount: batch.count, recordedAt: recordedAt)
                }
                if let (index, count) = encoded.lazy.compactMap(\.tooLong).first {
                    _ = try writer.finish()  // a failure of the lines before comes first
                    throw .rejected("\(batch.label(index)): the event is \(count) bytes as a log line, over the \(Limits.maxLineBytes)-byte limit")
                }
                try writer.submit(encoded)
                from = window.upperBound
            }
            try batch.finish()
            let end = try writer.finish()
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

/// Chains and writes the windows of a batch in order, on a thread of its own (or on the calling
/// thread, for a small batch). At most two windows wait for it at a time, so encoding never runs
/// far ahead of the disk.
private final class BatchWriter: @unchecked Sendable {
    private let store: LogStore
    private let file: LogFile
    private let start: LogPosition
    /// Nil when the batch is written on the calling thread.
    private let queue: DispatchQueue?
    /// A large batch's way past the page cache (nil: through it).
    private let direct: DirectWriter?
    private let room = DispatchSemaphore(value: 2)
    // Touched only on `queue` (if any), or after waiting for it.
    private var end: LogPosition
    private var failure: LedgerError?

    init(_ store: LogStore, _ file: LogFile, after start: LogPosition, onCallingThread: Bool) {
        self.store = store
        self.file = file
        self.start = start
        queue = onCallingThread ? nil : DispatchQueue(label: "ledger.batch-writer")
        direct = onCallingThread ? nil : DirectWriter(file, from: start.offset)
        end = start
    }

    /// Queues `window`'s lines to be chained and written after those before; throws the failure
    /// of a window before it, if one failed.
    func submit(_ window: [EncodedLines]) throws(LedgerError) {
        room.wait()
        if let failure = afterQueued({ failure }) {
            room.signal()
            throw failure
        }
        if let queue {
            queue.async { [self] in write(window) }
        } else {
            write(window)
        }
    }

    private func write(_ window: [EncodedLines]) {
        defer { room.signal() }
        guard failure == nil else { return }
        for lines in window {
            guard end.offset - start.offset + Int64(lines.bytes.count) <= Int64(Limits.maxBatchBytes) else {
                failure = .rejected("the batch is over the limit of \(Limits.maxBatchBytes) bytes")
                return
            }
            let head = lines.chain(from: end.head)
            do throws(LedgerError) {
                try store.writing(file, batchFrom: start) { () throws(SystemError) in
                    if let direct { return try direct.write(lines.bytes) }
                    try file.writeAll(lines.bytes, at: end.offset)
                    // A large batch (on a thread of its own): the disk can start on this part now.
                    if queue != nil { file.startWriting(lines.bytes.count, at: end.offset) }
                }
            } catch {
                failure = error
                return
            }
            end = LogPosition(offset: end.offset + Int64(lines.bytes.count), seq: end.seq + Int64(lines.count), head: head)
        }
    }

    /// Waits for every window queued; returns where the log ends after them.
    func finish() throws(LedgerError) -> LogPosition {
        let outcome: Result<LogPosition, LedgerError> = afterQueued {
            if failure == nil, let direct {
                do throws(LedgerError) {
                    try store.writing(file, batchFrom: start) { () throws(SystemError) in try direct.finish() }
                } catch {
                    failure = error
                }
            }
            return failure.map { .failure($0) } ?? .success(end)
        }
        return try outcome.get()
    }

    /// Waits for the windows queued; returns how far they reached into the file.
    func stop() -> Int64 {
        afterQueued { end.offset }
    }

    /// `read()` once the windows queued so far are written.
    private func afterQueued<T>(_ read: () -> T) -> T {
        queue?.sync(execute: read) ?? read()
    }
}
