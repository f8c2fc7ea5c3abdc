/// Log lines of part of a batch, encoded before they are chained: each line's `prev` is written
/// as zeros and filled in by `chain`, in log order, once the line before it is hashed. Everything
/// else about a line is known when the batch is decided, so a large batch is encoded on every
/// core — and so is the hash of each line up to its `prev` (`SHA256.PartialLeaf`): `chain` waits
/// for the line before only to write 64 hex digits and hash the last block or two.
/// Handed from the thread that encoded it to the one that chains it, never used by both at once.
struct EncodedLines: @unchecked Sendable {
    /// The lines, each followed by `\n`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(SystemError) -> R) throws(SystemError) -> R {
        try storage.writer.withBytes(body)
    }
    var byteCount: Int { storage.writer.count }
    /// The writer the lines were encoded with, kept rather than copied out (a window is
    /// megabytes); boxed, so that filling in `prev` on the writer thread changes it in place.
    private let storage: Storage
    private final class Storage {
        var writer: JSONWriter
        init(_ writer: consuming JSONWriter) { self.writer = writer }
    }
    /// Where each line's `\n` is.
    private let ends: [Int]
    /// Each line's hash up to its `prev`.
    private let begun: [SHA256.PartialLeaf]
    var count: Int { ends.count }
    /// The first line over `Limits.maxLineBytes`: its index in the batch and its length.
    let tooLong: (index: Int, count: Int)?

    /// `prev` is the last field: 64 hex digits, a quote and the closing brace before the `\n`.
    private static let prevFromEnd = 66

    /// Encodes `events[range]`, which are the events `window` of the batch; `seq` is the
    /// window's first. `batchCount` is the whole batch's size (its first line carries it when
    /// it spans more than one event).
    init(_ events: [PendingEvent], _ range: Range<Int>, of window: Range<Int>, seq: Int64, batchCount: Int, recordedAt: Int64) {
        var w = JSONWriter(capacity: range.count * 320)
        var ends: [Int] = []
        ends.reserveCapacity(range.count)
        var tooLong: (Int, Int)?
        // Each event read in place: through the array's subscript, each was copied (its strings
        // and data retained, on another core than the one that made them, and released again).
        events.withUnsafeBufferPointer { events in
            for index in range {
                let start = w.count
                let inBatch = window.lowerBound + index
                RecordedEvent.write(
                    seq: seq + Int64(index), batch: inBatch == 0 && batchCount > 1 ? Int64(batchCount) : nil,
                    recordedAt: recordedAt, event: events[index], prev: nil, to: &w)
                let count = w.count - start
                if count > Limits.maxLineBytes && tooLong == nil { tooLong = (inBatch, count) }
                ends.append(w.count)
                w.append(0x0A)
            }
        }
        begun = w.withBytes { bytes in
            SHA256.PartialLeaf.many(ends.count) { line in
                UnsafeRawBufferPointer(rebasing: bytes[(line == 0 ? 0 : ends[line - 1] + 1)..<(ends[line] - Self.prevFromEnd)])
            }!
        }
        self.ends = ends
        storage = Storage(w)
        self.tooLong = tooLong
    }

    /// Fills in every line's `prev`, the first's being `head`; returns the last line's hash.
    func chain(from head: Digest) -> Digest {
        var head = head
        var start = 0
        for (end, begun) in zip(ends, begun) {
            storage.writer.overwriteHex(at: end - Self.prevFromEnd, with: head)
            head = storage.writer.withBytes { begun.finish(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            start = end + 1
        }
        return head
    }
}
