#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the value of one top-level key in a file `ProjectionFiles.encode` wrote, fed a block at
/// a time, keeping only that value's bytes: a coach's view of one household reads the
/// checkpoint's households.json (130 MB on a 1M-event log, gigabytes at national scale) without
/// holding it. The file is pretty-printed with two-space indents, so the key starts a line
/// indented by two and its object ends at the first line that is just `  }`. Ids need no escaping.
struct MemberFinder {
    private let key: [UInt8]
    private let end: [UInt8] = Array("\n  }".utf8)
    /// The last bytes fed, that a key cut by a block boundary begins in.
    private var tail: [UInt8] = []
    /// The value from its `{`, while it is being collected and once it is complete.
    private(set) var value: [UInt8]?
    private(set) var isComplete = false

    init(_ id: String) { key = Array("\n  \"\(id)\" : {".utf8) }

    mutating func feed(_ block: UnsafeRawBufferPointer) {
        guard !isComplete else { return }
        if var found = value {
            // The end marker may start in what was collected already.
            let from = max(1, found.count - (end.count - 1))
            found.append(contentsOf: block)
            close(found, from: from)
            return
        }
        // A key across the boundary: the tail and the start of this block.
        let boundary = tail + block.prefix(key.count - 1)
        if let at = boundary.withUnsafeBytes({ Self.find(key, in: $0, from: 0) }), at + key.count > tail.count {
            let start = at + key.count - 1 - tail.count  // the `{`, in this block
            close(Array(block[start...]), from: 1)
            return
        }
        if let at = Self.find(key, in: block, from: 0) {
            close(Array(block[(at + key.count - 1)...]), from: 1)
            return
        }
        tail = Array((tail + block).suffix(key.count - 1))
    }

    /// Keeps `collected` (which starts at the value's `{`), cut at the end marker if it holds it.
    private mutating func close(_ collected: [UInt8], from: Int) {
        if let at = collected.withUnsafeBytes({ Self.find(end, in: $0, from: from) }) {
            value = Array(collected[..<(at + end.count)])
            isComplete = true
        } else {
            value = collected
        }
    }

    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        needle.withUnsafeBytes { n in
            // memchr to each candidate first byte, then compare: fast enough for 100 MB.
            var at = start
            while at + n.count <= haystack.count,
                  let hit = memchr(haystack.baseAddress! + at, Int32(n[0]), haystack.count - n.count + 1 - at) {
                at = haystack.baseAddress!.distance(to: UnsafeRawPointer(hit))
                if memcmp(haystack.baseAddress! + at, n.baseAddress!, n.count) == 0 { return at }
                at += 1
            }
            return nil
        }
    }
}
