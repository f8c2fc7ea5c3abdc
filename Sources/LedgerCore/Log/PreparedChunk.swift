#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// What the scanner needs of a line that does not depend on any other line: its link (seq,
/// batch, prev), its envelope when the fold wants it, its leaf hash, and the fold's own
/// preparation.
struct PreparedLine<P: Sendable> {
    var link: Result<ChainLink, JSONSyntaxError>
    /// nil at `LineDepth.chain`, and for lines that do not parse.
    var event: EventLine?
    var hash: Digest
    var prepared: Result<P, FoldError>?
}

/// A chunk of lines being prepared on worker threads, so that hashing and parsing one chunk
/// runs on the other cores while the scanner folds the chunk before it, in log order.
final class PreparedChunk<F: LogFold>: @unchecked Sendable {
    let chunk: LineChunk
    /// The ranges of lines prepared by one worker each, with the Merkle subtrees over their
    /// leaves (nil when the part's seqs are not consecutive: then the scanner stops in it).
    private(set) var parts: [(lines: Range<Int>, subtrees: [MerkleRoot.Subtree]?)]
    private let results: UnsafeMutableBufferPointer<PreparedLine<F.Prepared>>
    private let done = DispatchGroup()

    /// Chunks smaller than this are prepared on the calling thread: a thread hop costs more.
    private static var parallelThreshold: Int { 512 }
    private static var workers: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    private let subtrees: Bool

    /// Starts preparing `chunk` (with the Merkle subtrees over its leaves when `subtrees`);
    /// `wait()` before reading the results.
    init(_ chunk: LineChunk, subtrees: Bool) {
        self.chunk = chunk
        self.subtrees = subtrees
        let count = chunk.lines.count
        results = .allocate(capacity: count)
        let workers = count < Self.parallelThreshold ? 1 : Self.workers
        parts = (0..<workers).map { part in ((count * part / workers)..<(count * (part + 1) / workers), nil) }
        if workers == 1 {
            prepare(part: 0)
            return
        }
        DispatchQueue.global().async(group: done) {
            DispatchQueue.concurrentPerform(iterations: workers) { self.prepare(part: $0) }
        }
    }

    deinit {
        done.wait()
        results.baseAddress!.deinitialize(count: chunk.lines.count)
        results.deallocate()
    }

    /// Blocks until every line is prepared.
    func wait() { done.wait() }

    /// The prepared line `index`, read in place; valid while the chunk lives.
    func line(_ index: Int) -> UnsafePointer<PreparedLine<F.Prepared>> { UnsafePointer(results.baseAddress! + index) }

    private func prepare(part: Int) {
        let range = parts[part].lines
        var consecutive = true
        for index in range {
            let line = Self.prepare(chunk.lines[index])
            (results.baseAddress! + index).initialize(to: line)
            if consecutive, index > range.lowerBound {
                consecutive = (try? line.link.get().seq) == (try? results[index - 1].link.get().seq).map { $0 + 1 }
            }
        }
        guard subtrees, consecutive, let first = range.first, let firstSeq = try? results[first].link.get().seq else { return }
        parts[part].subtrees = MerkleRoot.subtrees(startingAt: firstSeq - 1, count: range.count) { results[first + $0].hash }
    }

    private static func prepare(_ line: LogLine) -> PreparedLine<F.Prepared> {
        // The scanner judges unterminated and overlong lines by their shape alone.
        guard line.terminated, !line.isOverlong else {
            return PreparedLine(link: .failure(JSONSyntaxError(offset: 0, "")), event: nil, hash: .zero, prepared: nil)
        }
        let link: ChainLink
        var event: EventLine?
        do throws(JSONSyntaxError) {
            switch F.depth {
            case .chain:
                link = try EventLine.decodeLink(line.bytes)
            case .envelope, .whole:
                let decoded = try EventLine.decode(line.bytes, data: F.depth == .whole ? .parsed : .located)
                link = decoded.link
                event = decoded
            }
        } catch {
            return PreparedLine(link: .failure(error), event: nil, hash: .zero, prepared: nil)
        }
        let prepared = event.map { event in Result { () throws(FoldError) in try F.prepare(event, line: line.bytes) } }
        return PreparedLine(link: .success(link), event: event, hash: SHA256.leaf(line.bytes), prepared: prepared)
    }
}
