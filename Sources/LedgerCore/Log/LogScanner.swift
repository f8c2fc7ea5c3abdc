/// Walks the log line by line checking what makes it a log: every line is a canonical event,
/// seq runs 1, 2, 3… without gaps, every `prev` is the previous event's leaf hash, and every
/// batch marker is followed by its whole batch. It stops at the first problem and tells a torn
/// tail (what a crash mid-append leaves) from damage (anything a crash cannot explain).
public struct LogScanner {
    /// End of the last complete batch seen so far: where `append` writes and `repair` cuts.
    /// Meaningful only while there is no damage (then nothing writes or cuts).
    public private(set) var committed: LogPosition
    public private(set) var problem: LogProblem? {
        didSet { isFinished = problem != nil }
    }
    /// Whether there is a `problem`: asked after every line, so kept rather than worked out.
    public private(set) var isFinished = false
    /// The last event that passed every check, batch complete or not: how far verification got.
    public private(set) var lastGood: LogPosition
    /// The one before it, for when the last good line turns out to have been altered.
    private var previousGood: LogPosition
    /// The Merkle tree head over the events read, when the scan started at the beginning of
    /// the log and found no problem (then the last event read is also the last committed).
    public private(set) var tree = MerkleRoot()
    /// Whether this scan grows `tree`: only from the start of the log, and only when asked.
    private let buildsTree: Bool

    /// The last event read (possibly inside an unfinished batch).
    private var seq: Int64
    private var head: Digest
    private var headOffset: Int64
    /// End of the last line read.
    private var lineEnd: Int64
    /// The batch being read: where it started and how many of its events are still to come.
    private var openBatch: (offset: Int64, firstSeq: Int64, size: Int64, remaining: Int64)?
    /// A line that does not parse is a torn tail only if it turns out to be the last line.
    private var unparseable: (line: LogLine, reason: String)? {
        didSet { awaitsNextLine = mismatch != nil || unparseable != nil }
    }
    /// A `prev` that does not chain waits one line: if the next line chains to it, that line is
    /// intact and the one before it was altered; otherwise the line itself was.
    private var mismatch: (line: LogLine, link: ChainLink, hash: Digest)? {
        didSet { awaitsNextLine = mismatch != nil || unparseable != nil }
    }
    /// Whether a line waits for the next one to be judged (`unparseable` or `mismatch`).
    private var awaitsNextLine = false

    public init(from position: LogPosition = .start, merkleRoot: Bool = true) {
        committed = position
        lastGood = position
        previousGood = position
        seq = position.seq
        head = position.head
        headOffset = position.offset
        lineEnd = position.offset
        buildsTree = merkleRoot && position.offset == 0
    }

    /// How many lines ahead the fold is shown what is coming (`LogFold.foresee`): far enough
    /// for a cache miss to resolve, near enough that what it loaded is still cached.
    static var foresight: Int { 16 }

    /// How many chunks are prepared ahead of the one being folded.
    static var chunksAhead: Int { 2 }

    /// Scans `[from.offset, end)` of `file`, folding every verified event into `fold`. Events of
    /// a batch are folded as they come, so after a torn tail `fold` holds them too: a caller
    /// that goes on reading must scan again (writers refuse a torn log instead).
    public static func scan<F: LogFold>(
        _ file: LogFile, from position: LogPosition = .start, to end: Int64, into fold: inout F,
        merkleRoot: Bool = true, chunkBytes: Int? = nil
    ) throws -> LogScanner {
        var scanner = LogScanner(from: position, merkleRoot: merkleRoot)
        // Nothing has been appended since `position` (a writer catching up after its own
        // append, most often): no chunk buffers to set up.
        guard position.offset < end else {
            scanner.finish()
            return scanner
        }
        // Each chunk is prepared while the ones before it are folded: two ahead, so the
        // workers that finish one early start the next instead of waiting for the fold.
        fold.expect(bytes: end - position.offset)
        var ahead: [PreparedChunk<F>] = []
        let chunkBytes = chunkBytes ?? (F.depth == .chain ? LineReader.chainChunkBytes : LineReader.chunkBytes)
        try LineReader.forEachChunk(in: file, from: position.offset, to: end, chunkBytes: chunkBytes) { chunk in
            ahead.append(PreparedChunk<F>(chunk, subtrees: scanner.buildsTree))
            guard ahead.count > Self.chunksAhead else { return true }
            scanner.consume(ahead.removeFirst(), into: &fold)
            return !scanner.isFinished
        }
        for chunk in ahead where !scanner.isFinished { scanner.consume(chunk, into: &fold) }
        scanner.finish()
        return scanner
    }

    private mutating func consume<F: LogFold>(_ chunk: PreparedChunk<F>, into fold: inout F) {
        chunk.wait()
        chunk.chunk.lines.withUnsafeBufferPointer { lines in
            for (part, indices) in chunk.parts.enumerated() {
                for index in indices {
                    if F.foresees, let ahead = chunk.readyPreparation(index + Self.foresight) {
                        fold.foresee(ahead.pointee, line: lines[index + Self.foresight].bytes)
                    }
                    consume(lines[index], index, of: chunk, part: part, into: &fold)
                    if isFinished { return }
                }
                // Every line of the part passed: its leaves join the tree as the subtrees the
                // worker already hashed. A scan from a later position has no tree to grow.
                guard buildsTree else { continue }
                if let subtrees = chunk.subtrees(ofPart: part) {
                    for subtree in subtrees { tree.append(subtree) }
                } else {
                    for index in indices { tree.append(chunk.line(index).pointee.hash) }
                }
            }
        }
    }

    /// Checks line `index` of `chunk` (in part `part`) and folds it. Runs once per line on the
    /// thread that folds in log order, so the usual case reads plain values in place; the
    /// rare ones (a line awaiting the next, a failure) take the slow paths.
    private mutating func consume<F: LogFold>(
        _ line: LogLine, _ index: Int, of chunk: PreparedChunk<F>, part: Int, into fold: inout F
    ) {
        if awaitsNextLine {
            settle(with: line, chunk.line(index).pointee)
            return
        }
        lineEnd = line.end
        guard line.terminated else {
            tear(at: line.offset, "the last line has no newline (\(line.length) bytes)")
            return
        }
        guard !line.isOverlong else {
            unparseable = (line, "\(JSONSyntaxError(offset: 0, "line is \(line.length) bytes, over the \(Limits.maxLineBytes)-byte limit"))")
            return
        }
        let prepared = chunk.line(index)
        guard prepared.pointee.outcome != .malformed else {
            unparseable = (line, chunk.failure(index, ofPart: part).map { "\($0)" } ?? "line does not parse")
            return
        }
        let event = prepared.pointee.link
        let hash = prepared.pointee.hash
        guard event.seq == seq + 1 else {
            let reason = event.seq <= seq
                ? "the line holds seq \(event.seq) again: a line was repeated or moved"
                : "the line holds seq \(event.seq): seq \(seq + 1)\(event.seq > seq + 2 ? "–\(event.seq - 1)" : "") missing"
            problem = .damaged(damage(line, reason))
            return
        }
        guard event.prev == head else {
            mismatch = (line, event, hash)
            return
        }
        if event.batch != nil, let open = openBatch {
            problem = .damaged(damage(line, "starts a new batch inside the batch of \(open.size) that began at seq \(open.firstSeq)"))
            return
        }
        if F.depth != .chain {
            do throws(FoldError) {
                // Only a refused line has a failure to look up: most lines are ready.
                if prepared.pointee.outcome == .refused, case .refused(let error)? = chunk.failure(index, ofPart: part) { throw error }
                try fold.fold(envelopeAt: chunk.envelope(index), line: line.bytes, preparedAt: chunk.preparation(index))
            } catch {
                problem = .damaged(damage(line, "\(error)"))
                return
            }
        }
        if let batch = event.batch {
            openBatch = (line.offset, event.seq, batch, batch - 1)
        } else if var open = openBatch {
            open.remaining -= 1
            openBatch = open
        }
        seq = event.seq
        head = hash
        headOffset = line.offset
        previousGood = lastGood
        lastGood = LogPosition(offset: line.end, seq: seq, head: hash)
        if let open = openBatch, open.remaining > 0 { return }
        openBatch = nil
        committed = LogPosition(offset: line.end, seq: seq, head: hash)
    }

    /// Judges the line before `line`, which did not chain or parse, by `line` (see `mismatch`
    /// and `unparseable`): either way the scan ends here.
    private mutating func settle(with line: LogLine, _ prepared: PreparedLine) {
        if let pending = mismatch {
            let nextChains = line.terminated && !line.isOverlong && prepared.outcome != .malformed && prepared.link.prev == pending.hash
            if nextChains {
                problem = .damaged(alteredBefore(pending.line, pending.link))
                lastGood = previousGood
            } else {
                problem = .damaged(alteredPrev(pending.line, pending.link))
            }
        } else if let bad = unparseable {
            // An unparseable line with more lines after it is damage: a crash only tears the end.
            problem = .damaged(damage(bad.line, "line does not parse: \(bad.reason)"))
        }
    }

    /// Call once after the last line: settles what a final line or batch left open means.
    public mutating func finish() {
        guard problem == nil else { return }
        if let pending = mismatch {
            // No line follows that could tell which of the two lines was changed, so neither
            // counts as verified.
            lastGood = previousGood
            problem = .damaged(damage(pending.line, "prev \(pending.link.prev) is not the hash of seq \(seq) (\(head)): this line or seq \(seq) was altered", seq: pending.link.seq))
        } else if let bad = unparseable {
            tear(at: bad.line.offset, "the last line does not parse: \(bad.reason)")
        } else if openBatch != nil {
            tear(at: lineEnd, "")
        }
    }

    /// Records a torn tail reaching from the open batch (or `offset`) to the end of the last line.
    private mutating func tear(at offset: Int64, _ reason: String) {
        var parts: [String] = []
        if let open = openBatch {
            let present = open.size - open.remaining
            parts.append("the batch of \(open.size) events starting at seq \(open.firstSeq) ends after \(present)")
        }
        if !reason.isEmpty { parts.append(reason) }
        let start = openBatch?.offset ?? offset
        problem = .torn(TornTail(offset: start, length: lineEnd - start, reason: parts.joined(separator: ", then ")))
    }

    private func damage(_ line: LogLine, _ reason: String, seq lineSeq: Int64? = nil) -> Damage {
        Damage(seq: lineSeq ?? seq + 1, line: seq + 1, offset: line.offset, reason: reason)
    }

    private func alteredPrev(_ line: LogLine, _ event: ChainLink) -> Damage {
        damage(line, "line was altered after it was written: its prev \(event.prev) is not the hash of seq \(seq) (\(head))", seq: event.seq)
    }

    private func alteredBefore(_ line: LogLine, _ event: ChainLink) -> Damage {
        Damage(seq: seq, line: seq, offset: headOffset,
               reason: "line was altered after it was written: its hash \(head) is not the prev \(event.prev) recorded by seq \(event.seq)")
    }
}
