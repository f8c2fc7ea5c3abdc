#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// What the scanner needs of every line, and can learn from the line alone: its link (seq,
/// batch, prev), its leaf hash and how far it got. A plain value: the scanner reads one per line
/// on the thread that folds in log order, so nothing in it is counted or copied by the runtime —
/// why a line failed is kept apart (`PreparedChunk.failure`), for the few lines that do.
struct PreparedLine {
    var link: ChainLink
    var hash: Digest
    var outcome: Outcome

    enum Outcome: UInt8 {
        /// Not an event: unterminated or overlong (judged by shape), or it does not parse.
        case malformed
        /// Parsed; when the fold reads envelopes, its envelope and preparation are ready.
        case ready
        /// Parsed, but the fold's preparation refused it.
        case refused
    }
}

/// Why a line was not `ready`.
enum LineFailure: CustomStringConvertible {
    case syntax(JSONSyntaxError)
    case refused(FoldError)

    var description: String {
        switch self {
        case .syntax(let error): error.description
        case .refused(let error): error.description
        }
    }
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
    /// Per part, why those of its lines that are not `ready` failed, by line index.
    private let partFailures: UnsafeMutableBufferPointer<[Int: LineFailure]>
    private let results: UnsafeMutableBufferPointer<PreparedLine>
    /// Per line, when the fold reads envelopes (empty at `LineDepth.chain`): the envelope,
    /// initialised where the line parsed, and the fold's preparation, only where it is `ready`.
    private let envelopes: UnsafeMutableBufferPointer<EventLine>
    private let preparations: UnsafeMutableBufferPointer<F.Prepared>
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
        partFailures = .allocate(capacity: workers)
        partFailures.initialize(repeating: [:])
        if workers == 1 {
            prepareParts()
            return
        }
        for queue in Preparers.queues {
            queue.async(group: done) { self.prepareParts() }
        }
    }

    deinit {
        done.wait()
        // Plain values (the replay's) need no deinitialising: no second pass over the results.
        if !_isPOD(EventLine.self) || !_isPOD(F.Prepared.self) {
            for index in 0..<envelopes.count where results[index].outcome != .malformed {
                (envelopes.baseAddress! + index).deinitialize(count: 1)
                if results[index].outcome == .ready { (preparations.baseAddress! + index).deinitialize(count: 1) }
            }
        }
        results.baseAddress!.deinitialize(count: results.count)
        results.deallocate()
        envelopes.deallocate()
        preparations.deallocate()
        partSubtrees.baseAddress!.deinitialize(count: partSubtrees.count)
        partSubtrees.deallocate()
        partFailures.baseAddress!.deinitialize(count: partFailures.count)
        partFailures.deallocate()
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

    /// The envelope of line `index` and the fold's preparation of it, read in place: only for
    /// a `ready` line, and not at `LineDepth.chain`.
    func envelope(_ index: Int) -> UnsafePointer<EventLine> { UnsafePointer(envelopes.baseAddress! + index) }
    func preparation(_ index: Int) -> UnsafePointer<F.Prepared> { UnsafePointer(preparations.baseAddress! + index) }

    /// The fold's preparation of line `index`, if there is such a line and it is `ready`.
    func readyPreparation(_ index: Int) -> UnsafePointer<F.Prepared>? {
        guard index < preparations.count, results[index].outcome == .ready else { return nil }
        return preparation(index)
    }

    /// Why line `index` of part `part` is not `ready` (nil for a line judged by its shape).
    func failure(_ index: Int, ofPart part: Int) -> LineFailure? { partFailures[part][index] }

    private func prepare(part: Int) {
        let range = parts[part]
        var failures: [Int: LineFailure] = [:]
        // The hash being most of a line's work, the part's lines are hashed first, all at once:
        // several side by side (`SHA256.leaves`).
        withUnsafeTemporaryAllocation(of: Digest.self, capacity: range.count) { leaves in
            leaves.initialize(repeating: .zero)
            let lines = chunk.lines
            SHA256.leaves(range.count, into: leaves.baseAddress!) { lines[range.lowerBound + $0].isHashable ? lines[range.lowerBound + $0].bytes : nil }
            for index in range { prepare(index, leaf: leaves[index - range.lowerBound], failures: &failures) }
        }
        if !failures.isEmpty { partFailures[part] = failures }
        var consecutive = true
        for index in range where consecutive {
            consecutive = results[index].outcome != .malformed
                && (index == range.lowerBound || results[index].link.seq == results[index - 1].link.seq + 1)
        }
        guard subtrees, consecutive, let first = range.first else { return }
        partSubtrees[part] = MerkleRoot.subtrees(startingAt: results[first].link.seq - 1, count: range.count) { results[first + $0].hash }
    }

    /// Fills the slots of line `index`, whose leaf hash is `leaf` (if it is hashable at all).
    private func prepare(_ index: Int, leaf: Digest, failures: inout [Int: LineFailure]) {
        let line = chunk.lines[index]
        let slot = results.baseAddress! + index
        slot.initialize(to: PreparedLine(link: ChainLink(seq: 0, batch: nil, prev: .zero), hash: .zero, outcome: .malformed))
        // Unterminated and overlong lines are judged by the scanner from their shape alone.
        guard line.isHashable else { return }
        // Most lines take the fold's fast path, envelope and preparation at once; the others
        // are read by the Swift readers, which also say what is wrong with them.
        let decoded = F.depth != .chain && F.decode(line.bytes, into: envelopes.baseAddress! + index, preparations.baseAddress! + index)
        if !decoded {
            do throws(JSONSyntaxError) {
                switch F.depth {
                case .chain:
                    slot.pointee.link = try EventLine.decodeLink(line.bytes)
                case .envelope, .whole:
                    (envelopes.baseAddress! + index).initialize(to: try EventLine.decode(line.bytes, data: F.depth == .whole ? .parsed : .located))
                }
            } catch {
                failures[index] = .syntax(error)
                return
            }
        }
        if F.depth != .chain { slot.pointee.link = envelope(index).pointee.link }
        slot.pointee.hash = leaf
        slot.pointee.outcome = .refused
        if F.depth != .chain && !decoded {
            do throws(FoldError) {
                (preparations.baseAddress! + index).initialize(to: try F.prepare(envelopes[index], line: line.bytes))
            } catch {
                failures[index] = .refused(error)
                return
            }
        }
        slot.pointee.outcome = .ready
    }
}

/// The threads that prepare chunks, one fewer than the cores: the scanner's own thread, folding
/// in log order, is the busiest of all and joins in (`PreparedChunk.wait`) when it gets to a
/// chunk first. With a thread per core, and more for the chunks ahead, it shared its core.
private enum Preparers {
    static let queues = (0..<max(1, Parallel.cores - 1)).map { DispatchQueue(label: "ledger.prepare-\($0)") }
}
