/// The fields that chain a line to the one before it.
public struct ChainLink: Sendable, Equatable {
    public var seq: Int64
    /// Number of events in the batch this event starts, on its first event only.
    public var batch: Int64?
    public var prev: Digest
}

/// One log line decoded without allocating: the envelope's numbers, and byte ranges (into the
/// line) for its strings and its `data` object. The decoder accepts only the canonical form the
/// ledger writes, so a line has exactly one valid spelling and its hash means one thing.
public struct EventLine: Sendable, Equatable {
    public var seq: Int64
    /// Number of events in the batch this event starts; nil on single events and on the
    /// second and later events of a batch.
    public var batch: Int64?
    public var type: EventType
    public var version: Int64
    /// Seconds since the epoch of `recordedAt`.
    public var recordedAt: Int64
    /// Days since the epoch of `effective`.
    public var effective: Int
    public var actor: Range<Int>
    public var key: Range<Int>?
    public var household: Range<Int>?
    /// The `data` object, braces included.
    public var data: Range<Int>
    public var prev: Digest

    /// How much of `data` the decoder looks at.
    public enum DataCheck: Sendable {
        /// Parse it strictly: the line is canonical JSON as a whole.
        case parsed
        /// Only find it (an object before the fixed `,"prev":"…"}` ending), for a reader that
        /// parses it strictly itself.
        case located
    }

    /// What links the line into the log.
    public var link: ChainLink { ChainLink(seq: seq, batch: batch, prev: prev) }

    /// Only what links a line into the log: its canonical start with seq and batch, and its
    /// canonical end with prev. The rest of the line is covered by its hash, not read.
    public static func decodeLink(_ line: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> ChainLink {
        var r = JSONReader(line, canonical: true)
        let (seq, batch) = try start(&r)
        guard r.consume(",\"type\":\"") else { throw r.error("expected key \"type\"") }
        // `},"prev":"` + 64 hex digits + `"}`
        let prevStart = line.count - 66
        guard prevStart > r.position + 10, r.position < line.count else { throw r.error("line ends before prev") }
        r.position = prevStart - 10
        guard r.consume("},\"prev\":\""),
              let prev = Digest(hex: UnsafeRawBufferPointer(rebasing: line[prevStart..<(prevStart + 64)])) else {
            throw JSONSyntaxError(offset: prevStart - 10, "line does not end with data and a prev of 64 lowercase hex digits")
        }
        r.position = prevStart + 64
        guard r.consume("\"}") else { throw r.error("expected \"} after prev") }
        return ChainLink(seq: seq, batch: batch, prev: prev)
    }

    /// `{"seq":N` and, on the first event of a batch, `,"batch":K`: how every line starts.
    private static func start(_ r: inout JSONReader) throws(JSONSyntaxError) -> (seq: Int64, batch: Int64?) {
        guard r.consume("{\"seq\":") else { throw r.error("line does not start with {\"seq\":") }
        let seq = try r.parseInteger()
        guard seq >= 1 else { throw JSONSyntaxError(offset: 7, "seq \(seq) is not positive") }
        var batch: Int64?
        if r.consume(",\"batch\":") {
            let start = r.position
            let size = try r.parseInteger()
            guard (2...Int64(Limits.maxBatchEvents)).contains(size) else {
                throw JSONSyntaxError(offset: start, "batch size \(size) outside 2...\(Limits.maxBatchEvents)")
            }
            batch = size
        }
        return (seq, batch)
    }

    /// Decodes a line (without its `\n`).
    public static func decode(_ line: UnsafeRawBufferPointer, data dataCheck: DataCheck = .parsed) throws(JSONSyntaxError) -> EventLine {
        var r = JSONReader(line, canonical: true)
        let (seq, batch) = try start(&r)
        try key(&r, ",\"type\":", "type")
        let typeRange = try r.scanString()
        guard let type = EventType(bytes: UnsafeRawBufferPointer(rebasing: line[typeRange])) else {
            throw JSONSyntaxError(offset: typeRange.lowerBound, "unknown event type \"\(text(line, typeRange))\"")
        }
        try key(&r, ",\"v\":", "v")
        let versionStart = r.position
        let version = try r.parseInteger()
        guard version == type.currentVersion else {
            throw JSONSyntaxError(offset: versionStart, "\(type.rawValue) has no version \(version)")
        }
        try key(&r, ",\"recordedAt\":", "recordedAt")
        let recordedRange = try r.scanString()
        guard let recordedAt = CalendarDate.parseTimestamp(UnsafeRawBufferPointer(rebasing: line[recordedRange])) else {
            throw JSONSyntaxError(offset: recordedRange.lowerBound, "recordedAt \"\(text(line, recordedRange))\" is not YYYY-MM-DDTHH:MM:SSZ")
        }
        try key(&r, ",\"effective\":", "effective")
        let effectiveRange = try r.scanString()
        guard let effective = CalendarDate.parseDate(UnsafeRawBufferPointer(rebasing: line[effectiveRange])) else {
            throw JSONSyntaxError(offset: effectiveRange.lowerBound, "effective \"\(text(line, effectiveRange))\" is not a real YYYY-MM-DD date")
        }
        try key(&r, ",\"actor\":", "actor")
        let actor = try identifier(&r, line, "actor")
        let keyRange = r.consume(",\"key\":") ? try identifier(&r, line, "key") : nil
        let household = r.consume(",\"household\":") ? try identifier(&r, line, "household") : nil
        if type.isHouseholdEvent != (household != nil) {
            throw r.error(type.isHouseholdEvent ? "\(type.rawValue) needs a household" : "\(type.rawValue) has no household")
        }
        try key(&r, ",\"data\":", "data")
        let dataStart = r.position
        guard r.position < line.count, line[r.position] == UInt8(ascii: "{") else { throw r.error("data is not an object") }
        switch dataCheck {
        case .parsed:
            try r.skipValue()
        case .located:
            // The line ends in `},"prev":"` + 64 hex digits + `"}`: data ends at that `}`.
            let dataEnd = line.count - 75
            guard dataEnd > dataStart, line[dataEnd - 1] == UInt8(ascii: "}") else { throw r.error("data is not an object") }
            r.position = dataEnd
        }
        let data = dataStart..<r.position
        try key(&r, ",\"prev\":\"", "prev")
        guard r.position + 64 <= line.count,
              let prev = Digest(hex: UnsafeRawBufferPointer(rebasing: line[r.position..<(r.position + 64)])) else {
            throw r.error("prev is not 64 lowercase hex digits")
        }
        r.position += 64
        guard r.consume("\"}") else { throw r.error("expected \"} after prev") }
        guard r.atEnd else { throw r.error("unexpected data after the event") }
        return EventLine(
            seq: seq, batch: batch, type: type, version: version, recordedAt: recordedAt, effective: effective,
            actor: actor, key: keyRange, household: household, data: data, prev: prev)
    }

    private static func key(_ r: inout JSONReader, _ literal: StaticString, _ name: String) throws(JSONSyntaxError) {
        guard r.consume(literal) else { throw r.error("expected key \"\(name)\"") }
    }

    private static func identifier(_ r: inout JSONReader, _ line: UnsafeRawBufferPointer, _ name: String) throws(JSONSyntaxError) -> Range<Int> {
        let range = try r.scanString()
        guard Identifier.isValid(UnsafeRawBufferPointer(rebasing: line[range])) else {
            throw JSONSyntaxError(offset: range.lowerBound, "\(name) \"\(text(line, range))\" is not an id (\(Identifier.alphabet), at most \(Identifier.maxLength))")
        }
        return range
    }

    /// The bytes of `range` as text.
    public static func text(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
    }
}
