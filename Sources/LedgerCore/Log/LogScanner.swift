/// Walks the log line by line checking what makes it a log: every line is a canonical event,
/// seq runs 1, 2, 3… without gaps, every `prev` is the previous event's leaf hash, and every
/// batch marker is followed by its whole batch. It stops at the first problem.
public struct LogScanner {
    /// End of the last complete batch seen so far.
    public private(set) var committed: LogPosition
    public private(set) var problem: LogProblem?

    private var seq: Int64
    private var head: Digest
    /// The batch being read: where it started and how many of its events are still to come.
    private var openBatch: (offset: Int64, firstSeq: Int64, size: Int64, remaining: Int64)?
    /// A `prev` mismatch waits one line: if the next line chains to the mismatching line, that
    /// line is intact and the one before it was altered; otherwise the mismatching line was.
    private var mismatch: (damage: Damage, hash: Digest, previousLine: Damage)?
    /// A line that does not parse is a torn tail only if it turns out to be the last line.
    private var unparseable: (line: LogLine, reason: String)?
    private var previousOffset: Int64

    public init(from position: LogPosition = .start) {
        committed = position
        seq = position.seq
        head = position.head
        previousOffset = position.offset
    }

    public var isFinished: Bool { problem != nil }

    /// Scans `[from.offset, end)` of `file`.
    public static func scan(_ file: LogFile, from position: LogPosition = .start, to end: Int64) throws -> LogScanner {
        var scanner = LogScanner(from: position)
        try LineReader.forEachLine(in: file, from: position.offset, to: end) { line in
            scanner.consume(line)
            return !scanner.isFinished
        }
        scanner.finish()
        return scanner
    }

    public mutating func consume(_ line: LogLine) {
        let lineNumber = seq + 1
        if let pending = mismatch {
            // Decide which of the two lines was altered, then stop.
            if line.terminated, !line.isOverlong, let next = try? EventLine.decode(line.bytes), next.prev == pending.hash {
                problem = .damaged(pending.previousLine)
            } else {
                problem = .damaged(pending.damage)
            }
            return
        }
        if let (bad, reason) = unparseable {
            // An unparseable line with more lines after it is damage: a crash only tears the end.
            problem = .damaged(Damage(seq: seq + 1, line: lineNumber, offset: bad.offset, reason: "line does not parse: \(reason)"))
            return
        }
        guard line.terminated else {
            tear(at: line.offset, line.end, "the last line has no newline (\(line.length) bytes)")
            return
        }
        let event: EventLine
        do {
            guard !line.isOverlong else {
                throw JSONSyntaxError(offset: 0, "line is \(line.length) bytes, over the \(Limits.maxLineBytes)-byte limit")
            }
            event = try EventLine.decode(line.bytes)
        } catch {
            unparseable = (line, "\(error)")
            return
        }
        let hash = SHA256.leaf(line.bytes)
        guard event.seq == seq + 1 else {
            let reason = event.seq <= seq
                ? "seq \(event.seq) after seq \(seq): a line was repeated or moved"
                : "seq \(event.seq) after seq \(seq): seq \(seq + 1)\(event.seq > seq + 2 ? "–\(event.seq - 1)" : "") missing"
            damage(event.seq, line, reason)
            return
        }
        guard event.prev == head else {
            let here = Damage(seq: event.seq, line: lineNumber, offset: line.offset,
                              reason: "prev \(event.prev) is not the hash of seq \(seq) (\(head)): this line or seq \(seq) was altered")
            let before = Damage(seq: seq, line: lineNumber - 1, offset: previousOffset,
                                reason: "line was altered after it was written: its hash \(head) is not the prev \(event.prev) that seq \(event.seq) recorded")
            mismatch = (here, hash, before)
            return
        }
        if let batch = event.batch {
            if let open = openBatch {
                damage(event.seq, line, "starts a new batch, but the batch of \(open.size) at seq \(open.firstSeq) has only \(open.size - open.remaining) events")
                return
            }
            openBatch = (line.offset, event.seq, batch, batch - 1)
        } else if var open = openBatch {
            open.remaining -= 1
            openBatch = open
        }
        seq = event.seq
        head = hash
        previousOffset = line.offset
        if let open = openBatch, open.remaining > 0 { return }
        openBatch = nil
        committed = LogPosition(offset: line.end, seq: seq, head: hash)
    }


    /// Call once after the last line: settles what a final line or batch left open means.
    public mutating func finish() {
        guard problem == nil else { return }
        if let pending = mismatch {
            problem = .damaged(pending.damage)
        } else if let (line, reason) = unparseable {
            // The last line does not parse: what a crash mid-write leaves behind.
            tear(at: line.offset, line.end, "the last line does not parse: \(reason)")
        } else if let open = openBatch {
            tear(at: open.offset, nil, "batch of \(open.size) starting at seq \(open.firstSeq) has only \(open.size - open.remaining) events")
        }
    }

    private mutating func tear(at offset: Int64, _ end: Int64?, _ reason: String) {
        // A batch left open before the torn line is part of the same interrupted write.
        let start = openBatch?.offset ?? offset
        var why = reason
        if let open = openBatch, start < offset {
            why = "batch of \(open.size) starting at seq \(open.firstSeq) has only \(open.size - open.remaining) events, then \(reason)"
        }
        problem = .torn(TornTail(offset: start, length: (end ?? offset) - start, reason: why))
        tornEnd = end
    }

    /// File offset where the torn tail ends when it is known from the lines (else: end of file).
    public private(set) var tornEnd: Int64?

    private mutating func damage(_ seqOfLine: Int64, _ line: LogLine, _ reason: String) {
        problem = .damaged(Damage(seq: seqOfLine, line: seq + 1, offset: line.offset, reason: reason))
    }
}
