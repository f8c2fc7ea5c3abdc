#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Offset just past the line and its `\n`.
    public var end: Int64 { offset + length + (terminated ? 1 : 0) }
}

/// Reads lines with large sequential reads (pread, so a file that shrinks under us ends early
/// instead of faulting as a mapping would) and hands each line to `body` in place.
public enum LineReader {
    public static let chunkBytes = 8 << 20

    /// Calls `body` for each line in `[start, end)`; stops early when `body` returns false.
    public static func forEachLine(
        in file: LogFile, from start: Int64, to end: Int64, _ body: (LogLine) throws -> Bool
    ) throws {
        let capacity = chunkBytes + Limits.maxLineBytes + 1
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var filled = 0            // valid bytes in buffer
        var bufferOffset = start  // file offset of buffer[0]
        var readOffset = start
        var endOfFile = readOffset >= end
        // While > 0 we are inside an overlong line that started at `overlongStart`.
        var overlongLength: Int64 = 0
        var overlongStart: Int64 = 0

        while true {
            if !endOfFile && filled < capacity {
                let want = Int(min(Int64(capacity - filled), end - readOffset))
                let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + want)]), at: readOffset)
                filled += n
                readOffset += Int64(n)
                if n < want || readOffset >= end { endOfFile = true }
            }
            let base = buffer.baseAddress!
            var position = 0
            while position < filled {
                guard let found = memchr(base + position, 0x0A, filled - position) else { break }
                let newline = base.distance(to: UnsafeMutableRawPointer(found))
                let line: LogLine
                if overlongLength > 0 {
                    line = LogLine(offset: overlongStart, bytes: UnsafeRawBufferPointer(start: nil, count: 0),
                                   length: overlongLength + Int64(newline - position), terminated: true)
                    overlongLength = 0
                } else {
                    let count = newline - position
                    line = LogLine(offset: bufferOffset + Int64(position),
                                   bytes: UnsafeRawBufferPointer(start: base + position, count: min(count, Limits.maxLineBytes)),
                                   length: Int64(count), terminated: true)
                }
                if try !body(line) { return }
                position = newline + 1
            }
            let remaining = filled - position
            if endOfFile {
                if remaining > 0 || overlongLength > 0 {
                    let line = overlongLength > 0
                        ? LogLine(offset: overlongStart, bytes: UnsafeRawBufferPointer(start: nil, count: 0),
                                  length: overlongLength + Int64(remaining), terminated: false)
                        : LogLine(offset: bufferOffset + Int64(position),
                                  bytes: UnsafeRawBufferPointer(start: base + position, count: min(remaining, Limits.maxLineBytes)),
                                  length: Int64(remaining), terminated: false)
                    _ = try body(line)
                }
                return
            }
            if overlongLength > 0 || remaining > Limits.maxLineBytes {
                // No newline within the limit: remember where the line began and skip its bytes.
                if overlongLength == 0 { overlongStart = bufferOffset + Int64(position) }
                overlongLength += Int64(remaining)
                bufferOffset += Int64(filled)
                filled = 0
            } else {
                if position > 0 && remaining > 0 { memmove(base, base + position, remaining) }
                bufferOffset += Int64(position)
                filled = remaining
            }
        }
    }
}
