/// An event to be appended, as a writer states it: the ledger adds `seq`, `batch`, `recordedAt`
/// and `prev` when it writes the event.
public struct PendingEvent: Equatable, Sendable {
    public var type: EventType
    public var version: Int64
    /// Business date, days since the epoch.
    public var effective: Int
    public var actor: String
    public var key: String?
    public var household: String?
    public var data: JSONObject

    public init(
        type: EventType, version: Int64? = nil, effective: Int, actor: String, key: String? = nil,
        household: String? = nil, data: JSONObject
    ) {
        self.type = type
        self.version = version ?? type.currentVersion
        self.effective = effective
        self.actor = actor
        self.key = key
        self.household = household
        self.data = data
    }
}

/// An event as it stands in the log, with everything the ledger assigned.
public struct RecordedEvent: Equatable, Sendable {
    public var seq: Int64
    public var batch: Int64?
    public var recordedAt: Int64
    public var event: PendingEvent
    public var prev: Digest

    public init(seq: Int64, batch: Int64?, recordedAt: Int64, event: PendingEvent, prev: Digest) {
        self.seq = seq
        self.batch = batch
        self.recordedAt = recordedAt
        self.event = event
        self.prev = prev
    }

    /// The canonical line, without `\n`, in DESIGN.md's key order.
    public func canonicalLine() -> [UInt8] {
        var w = JSONWriter(capacity: 320)
        write(to: &w)
        return w.bytes
    }

    /// Writes the canonical line, without `\n`, after whatever `w` holds already.
    func write(to w: inout JSONWriter) {
        Self.write(seq: seq, batch: batch, recordedAt: recordedAt, event: event, prev: prev, to: &w)
    }

    /// The same, from the parts: an encoder writes a batch's events where they lie, without
    /// copying each into a `RecordedEvent` first. No `prev` leaves room for it (`overwriteHex`).
    /// Inlined, so that an event read in place is not first copied for the call.
    @inline(__always)
    static func write(seq: Int64, batch: Int64?, recordedAt: Int64, event: PendingEvent, prev: Digest?, to w: inout JSONWriter) {
        w.raw("{\"seq\":")
        w.write(seq)
        if let batch {
            w.raw(",\"batch\":")
            w.write(batch)
        }
        w.raw(",\"type\":")
        w.write(event.type.rawValue)
        w.raw(",\"v\":")
        w.write(event.version)
        w.raw(",\"recordedAt\":")
        w.writeTimestamp(recordedAt)
        w.raw(",\"effective\":")
        w.writeDate(days: event.effective)
        w.raw(",\"actor\":")
        w.write(event.actor)
        if let key = event.key {
            w.raw(",\"key\":")
            w.write(key)
        }
        if let household = event.household {
            w.raw(",\"household\":")
            w.write(household)
        }
        w.raw(",\"data\":")
        w.write(event.data)
        w.raw(",\"prev\":\"")
        if let prev { w.writeHex(prev) } else { w.writeHexRoom() }
        w.raw("\"}")
    }

    /// Decodes a log line into owned values (the reverse of `canonicalLine`).
    public init(line: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        // data is parsed strictly below, so the decoder need only find it.
        try self.init(line: line, fields: try EventLine.decode(line, data: .located))
    }

    /// The event of a line whose envelope was already decoded.
    public init(line: UnsafeRawBufferPointer, fields: EventLine) throws(JSONSyntaxError) {
        guard case .object(let data) = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[fields.data]), canonical: true) else {
            throw JSONSyntaxError(offset: fields.data.lowerBound, "data is not an object")
        }
        let event = PendingEvent(
            type: fields.type, version: fields.version, effective: fields.effective,
            actor: EventLine.text(line, fields.actor), key: fields.key.map { EventLine.text(line, $0) },
            household: fields.household.map { EventLine.text(line, $0) }, data: data)
        self.init(seq: fields.seq, batch: fields.batch, recordedAt: fields.recordedAt, event: event, prev: fields.prev)
    }
}
