#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Dispatch

/// One line of the log as the reader hands it over.
public struct LogLine {
    /// File offset of the line's first byte.
    public var offset: Int64
    /// The line without its `\n`; for an overlong line only its first `Limits.maxLineBytes` bytes.
    public var bytes: UnsafeRawBufferPointer
    /// Full length without the `\n`.
    public var length: Int64
    /// False for a last line that the file ends inside of (no `\n`).
    public var terminated: Bool

    public var isOverlong: Bool { length > Int64(Limits.maxLineBytes) }
    /// Whether the line can be an event at all: the scanner judges unterminated and overlong
    /// lines by their shape alone, and hashes the rest.
    var isHashable: Bool { terminated && !isOverlong }
    /// Offset just past the line and its `\n`.
    public var end: Int64 { offset + length + (terminated ? 1 : 0) }
}

/// A run of whole lines from one large read. It owns its bytes, so it can be handed to
/// another thread while the reader goes on to the next chunk.
public final class LineChunk: @unchecked Sendable {
    fileprivate let buffer: UnsafeMutableRawBufferPointer
    /// The lines, pointing into this chunk's bytes; valid as long as the chunk lives.
    public fileprivate(set) var lines: [LogLine] = []

    /// Buffers of finished chunks, kept for the next ones: fresh multi-megabyte allocations
    /// between the smaller ones of a fold fragment the heap until it holds dozens of them.
    private static let spare = Mutex<[UnsafeMutableRawBufferPointer]>([])
    private static let maxSpare = 3

    fileprivate init(capacity: Int) {
        let spare = Self.spare.withLock { spare in spare.firstIndex { $0.count == capacity }.map { spare.remove(at: $0) } }
        buffer = spare ?? .allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        let kept = Self.spare.withLock { spare in
            guard spare.count < Self.maxSpare else { return false }
            spare.append(buffer)
            return true
        }
        if !kept { buffer.deallocate() }
    }
}

/// Reads lines with large sequential reads (pread, so a file that shrinks under us ends early
/// instead of faulting as a mapping would) and hands them over a chunk at a time.
public enum LineReader {
    /// Small enough that the chunks in flight (read, prepared, folded) next to a fold's state
    /// stay a few megabytes; larger chunks folded no faster.
    public static let chunkBytes = 1 << 20
    /// For a check of the chain alone, which holds nothing but the chunks: fewer hand-overs
    /// between threads than 1 MiB chunks, while a chunk's arrays of lines and results stay under
    /// the megabyte above which they come from (and go back to) the system — at 8 MiB their page
    /// faults were a third of `verify --chain-only`'s system time.
    public static let chainChunkBytes = 2 << 20

    /// Room for `chunkBytes` and the longest line that may straddle the end of a read.
    static func capacity(_ chunkBytes: Int) -> Int { chunkBytes + Limits.maxLineBytes + 1 }

    /// Calls `body` for each chunk of lines in `[start, end)`; stops early when `body` returns
    /// false. A line over `Limits.maxLineBytes` is handed over as its first bytes and its length.
    /// (Tests read with small chunks to cross many chunk boundaries.)
    public static func forEachChunk(
        in file: LogFile, from start: Int64, to end: Int64, chunkBytes: Int = chunkBytes, _ body: (LineChunk) throws -> Bool
    ) throws {
        // Each chunk is filled — the line carried over, then a read, then split into lines — on
        // a reader thread while `body` works on the chunk before it: copying 300 MB out of the
        // page cache and finding a million newlines would otherwise hold up the thread that
        // folds in log order.
        var fill = ChunkFill(file, carry: nil, from: ChunkSplit(start: start, end: end), chunkBytes: chunkBytes, async: false)
        // However this ends, the reader is done with the file before the caller closes it.
        defer { _ = try? fill.wait() }
        while true {
            let split = try fill.wait()
            let chunk = fill.chunk
            if split.endOfFile {
                _ = try body(chunk)
                return
            }
            fill = ChunkFill(file, carry: split.carry.map { (chunk, $0) }, from: split, chunkBytes: chunkBytes, async: true)
            if try !body(chunk) { return }
        }
    }
}

/// How far the reading has got, handed from one chunk's fill to the next.
struct ChunkSplit {
    /// File offset of the next chunk's first byte (its carried line's, if any).
    var bufferOffset: Int64
    var readOffset: Int64
    let end: Int64
    var endOfFile: Bool
    /// While > 0 the reading is inside an overlong line that started at `overlongStart`.
    var overlongLength: Int64 = 0
    var overlongStart: Int64 = 0
    /// The unfinished last line of the chunk, to start the next one with.
    var carry: Range<Int>?

    init(start: Int64, end: Int64) {
        bufferOffset = start
        readOffset = start
        self.end = end
        endOfFile = start >= end
    }

    /// Splits the `filled` bytes of `chunk`, of which `read` came from the file when `wanted`
    /// were asked for, into its lines; returns where the next chunk starts. A line over
    /// `Limits.maxLineBytes` is handed over as its first bytes and its length.
    func split(_ chunk: LineChunk, filled: Int, read: Int, wanted: Int, chunkBytes: Int) -> ChunkSplit {
        var next = self
        next.carry = nil
        // Built here and handed to the chunk once: an append to the chunk's own array paid for
        // Swift's exclusivity check on every line.
        var lines: [LogLine] = []
        lines.reserveCapacity(chunkBytes / 192)  // events are 200–400 bytes
        defer { chunk.lines = lines }
        let base = chunk.buffer.baseAddress!
        next.readOffset += Int64(read)
        if read < wanted || next.readOffset >= end { next.endOfFile = true }
        var position = 0
        while position < filled {
            guard let found = memchr(base + position, 0x0A, filled - position) else { break }
            let newline = base.distance(to: UnsafeMutableRawPointer(found))
            if next.overlongLength > 0 {
                lines.append(LogLine(offset: next.overlongStart, bytes: UnsafeRawBufferPointer(start: nil, count: 0),
                                     length: next.overlongLength + Int64(newline - position), terminated: true))
                next.overlongLength = 0
            } else {
                let count = newline - position
                lines.append(LogLine(offset: bufferOffset + Int64(position),
                                     bytes: UnsafeRawBufferPointer(start: base + position, count: min(count, Limits.maxLineBytes)),
                                     length: Int64(count), terminated: true))
            }
            position = newline + 1
        }
        let remaining = filled - position
        if next.endOfFile {
            if remaining > 0 || next.overlongLength > 0 {
                lines.append(next.overlongLength > 0
                    ? LogLine(offset: next.overlongStart, bytes: UnsafeRawBufferPointer(start: nil, count: 0),
                              length: next.overlongLength + Int64(remaining), terminated: false)
                    : LogLine(offset: bufferOffset + Int64(position),
                              bytes: UnsafeRawBufferPointer(start: base + position, count: min(remaining, Limits.maxLineBytes)),
                              length: Int64(remaining), terminated: false))
            }
        } else if next.overlongLength > 0 || remaining > Limits.maxLineBytes {
            // No newline within the limit: remember where the line began and skip its bytes.
            if next.overlongLength == 0 { next.overlongStart = bufferOffset + Int64(position) }
            next.overlongLength += Int64(remaining)
            next.bufferOffset += Int64(filled)
        } else {
            next.carry = position..<filled
            next.bufferOffset += Int64(position)
        }
        return next
    }
}

/// A chunk being filled: the unfinished line of the chunk before it, then as much of the file
/// as fits, read and split into lines on `reader` (or on the calling thread for the first chunk).
private final class ChunkFill: @unchecked Sendable {
    let chunk: LineChunk
    private var outcome: Result<ChunkSplit, SystemError>
    private let done = DispatchSemaphore(value: 0)
    private static let reader = DispatchQueue(label: "ledger.log-reader")

    init(_ file: LogFile, carry: (source: LineChunk, range: Range<Int>)?, from split: ChunkSplit, chunkBytes: Int, async: Bool) {
        chunk = LineChunk(capacity: LineReader.capacity(chunkBytes))
        outcome = .success(split)
        let fill: @Sendable () -> Void = { [chunk] in
            let carried = carry?.range.count ?? 0
            if let (source, range) = carry, !range.isEmpty {
                memcpy(chunk.buffer.baseAddress!, source.buffer.baseAddress! + range.lowerBound, range.count)
            }
            let wanted = Int(max(0, min(Int64(chunk.buffer.count - carried), split.end - split.readOffset)))
            do throws(SystemError) {
                let read = wanted == 0 ? 0 : try file.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk.buffer[carried..<(carried + wanted)]), at: split.readOffset)
                self.outcome = .success(split.split(chunk, filled: carried + read, read: read, wanted: wanted, chunkBytes: chunkBytes))
            } catch {
                self.outcome = .failure(error)
            }
            self.done.signal()
        }
        if async { Self.reader.async(execute: fill) } else { fill() }
    }

    /// Where the next chunk starts, once this one is filled and split.
    func wait() throws(SystemError) -> ChunkSplit {
        done.wait()
        done.signal()  // a second wait returns at once
        return try outcome.get()
    }
}
