#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// What the scanner needs of every line, and can learn from the line alone: its link (seq,
/// batch, prev) and its leaf hash. The envelope and the fold's preparation are kept apart, and
/// only when the fold reads past the link: a chain check moves no more than this per line.
struct PreparedLine {
    var link: Result<ChainLink, JSONSyntaxError>
    var hash: Digest
}

/// A chunk of lines being prepared on worker threads, so that hashing and parsing one chunk
/// runs on the other cores while the scanner folds the chunk before it, in log order.
final class PreparedChunk<F: LogFold>: @unchecked Sendable {
    let chunk: LineChunk
    /// The ranges of lines prepared by one worker each.
    let parts: [Range<Int>]
    /// Per part, the Merkle subtrees over its leaves (nil when not asked for, or when the part's
    /// seqs are not consecutive: then the scanner stops in it). Each worker writes only its
    /// own slot, so the slots live outside any Swift collection the workers would share.
    private let partSubtrees: UnsafeMutableBufferPointer<[MerkleRoot.Subtree]?>
    private let results: UnsafeMutableBufferPointer<PreparedLine>
    /// Per line, when the fold reads envelopes (empty at `LineDepth.chain`): the envelope (nil
    /// when the line does not parse) and the fold's preparation of it.
    private let envelopes: UnsafeMutableBufferPointer<EventLine?>
    private let preparations: UnsafeMutableBufferPointer<Result<F.Prepared, FoldError>?>
    private let done = DispatchGroup()
    /// The next part nobody has taken yet: workers take parts until none are left, and so does
    /// the scanner when it needs this chunk before the workers are through with it.
    private let nextPart = Atomic<Int>(0)

    /// Chunks smaller than this are prepared on the calling thread: a thread hop costs more.
    private static var parallelThreshold: Int { 512 }
    /// More parts than cores, so that the parts left when the scanner's own thread wants the
    /// chunk are small enough to share out.
    private static var workers: Int { 4 * Parallel.cores }

    private let subtrees: Bool

    /// Starts preparing `chunk` (with the Merkle subtrees over its leaves when `subtrees`);
    /// `wait()` before reading the results.
    init(_ chunk: LineChunk, subtrees: Bool) {
        self.chunk = chunk
        self.subtrees = subtrees
        let count = chunk.lines.count
        results = .allocate(capacity: count)
        let envelopeCount = F.depth == .chain ? 0 : count
        envelopes = .allocate(capacity: envelopeCount)
        preparations = .allocate(capacity: envelopeCount)
        let workers = count < Self.parallelThreshold ? 1 : Self.workers
        parts = (0..<workers).map { part in (count * part / workers)..<(count * (part + 1) / workers) }
        partSubtrees = .allocate(capacity: workers)
        partSubtrees.initialize(repeating: nil)
        if workers == 1 {
            prepareParts()
            return
        }
        for _ in 0..<Parallel.cores {
            DispatchQueue.global().async(group: done) { self.prepareParts() }
        }
    }

    deinit {
        done.wait()
        results.baseAddress!.deinitialize(count: results.count)
        results.deallocate()
        envelopes.baseAddress!.deinitialize(count: envelopes.count)
        envelopes.deallocate()
        preparations.baseAddress!.deinitialize(count: preparations.count)
        preparations.deallocate()
        partSubtrees.baseAddress!.deinitialize(count: partSubtrees.count)
        partSubtrees.deallocate()
    }

    /// Returns once every line is prepared, preparing what no worker has taken yet itself.
    func wait() {
        prepareParts()
        done.wait()
    }

    private func prepareParts() {
        while true {
            let part = nextPart.add(1, ordering: .relaxed).oldValue
            guard part < parts.count else { return }
            prepare(part: part)
        }
    }

    /// The Merkle subtrees over the leaves of part `part`, when the worker could hash them.
    func subtrees(ofPart part: Int) -> [MerkleRoot.Subtree]? { partSubtrees[part] }

    /// The prepared line `index`, read in place; valid while the chunk lives.
    func line(_ index: Int) -> UnsafePointer<PreparedLine> { UnsafePointer(results.baseAddress! + index) }

    /// The envelope of line `index` and the fold's preparation of it; nil at `LineDepth.chain`
    /// and for lines that do not parse.
    func envelope(_ index: Int) -> (EventLine, Result<F.Prepared, FoldError>)? {
        guard index < envelopes.count, let event = envelopes[index], let prepared = preparations[index] else { return nil }
        return (event, prepared)
    }

    /// The fold's preparation of line `index`, read in place, when it succeeded.
    func preparation(_ index: Int) -> F.Prepared? {
        guard index < preparations.count, case .success(let prepared)? = preparations[index] else { return nil }
        return prepared
    }

    private func prepare(part: Int) {
        let range = parts[part]
        // Lines are hashed two at a time (`SHA256.leaves`), the hash being most of a line's work.
        var index = range.lowerBound
        while index < range.upperBound {
            if index + 1 < range.upperBound, chunk.lines[index].isHashable, chunk.lines[index + 1].isHashable {
                let (first, second) = SHA256.leaves(chunk.lines[index].bytes, chunk.lines[index + 1].bytes)
                prepare(index, leaf: first)
                prepare(index + 1, leaf: second)
                index += 2
            } else {
                prepare(index, leaf: nil)
                index += 1
            }
        }
        var consecutive = true
        for index in range.dropFirst() where consecutive {
            consecutive = (try? results[index].link.get().seq) == (try? results[index - 1].link.get().seq).map { $0 + 1 }
        }
        guard subtrees, consecutive, let first = range.first, let firstSeq = try? results[first].link.get().seq else { return }
        partSubtrees[part] = MerkleRoot.subtrees(startingAt: firstSeq - 1, count: range.count) { results[first + $0].hash }
    }

    /// Fills every slot of line `index`, whose leaf hash is `leaf` when it was computed already.
    private func prepare(_ index: Int, leaf: Digest?) {
        let line = chunk.lines[index]
        var link: Result<ChainLink, JSONSyntaxError> = .failure(JSONSyntaxError(offset: 0, ""))
        var hash = Digest.zero
        var event: EventLine?
        if line.isHashable {
            do throws(JSONSyntaxError) {
                switch F.depth {
                case .chain:
                    link = .success(try EventLine.decodeLink(line.bytes))
                case .envelope, .whole:
                    let decoded = try EventLine.decode(line.bytes, data: F.depth == .whole ? .parsed : .located)
                    link = .success(decoded.link)
                    event = decoded
                }
                hash = leaf ?? SHA256.leaf(line.bytes)
            } catch {
                link = .failure(error)
            }
        }
        (results.baseAddress! + index).initialize(to: PreparedLine(link: link, hash: hash))
        guard index < envelopes.count else { return }
        (envelopes.baseAddress! + index).initialize(to: event)
        (preparations.baseAddress! + index).initialize(to: event.map { event in
            Result { () throws(FoldError) in try F.prepare(event, line: line.bytes) }
        })
    }
}
