/// Reads an event's `data` straight from the line's bytes, in the catalogue's key order (the
/// order the ledger writes, which `verify` holds every line to), checking each field as the
/// catalogue does — shapes, ranges, lists — but building no `JSONValue`: ids come out as
/// `PseudonymKey`s, choices as enum values (looked up by a short string, which Swift keeps
/// inline), text as byte ranges.
struct DataCursor {
    private var r: JSONReader
    private let line: UnsafeRawBufferPointer
    private let dataEnd: Int
    private let type: EventType
    private let household: Range<Int>?
    let householdKey: Int64
    private var first = true
    /// The field being read, for messages.
    private var name: StaticString = "data"

    init(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) {
        self.line = line
        r = JSONReader(line, position: event.data.lowerBound, canonical: true)
        dataEnd = event.data.upperBound
        type = event.type
        household = event.household
        if let household = event.household {
            guard let key = PseudonymKey.household(UnsafeRawBufferPointer(rebasing: line[household])) else {
                throw FoldError("household \"\(EventLine.text(line, household))\" is not a household pseudonym (\(Pseudonym.householdShape))")
            }
            householdKey = key
        } else {
            householdKey = -1
        }
    }

    /// Moves to field `name`, which must come next.
    mutating func field(_ name: StaticString) throws(FoldError) {
        guard has(name) else { throw mismatch("expected data.\(name) next") }
    }

    /// Moves to optional field `name` when it comes next.
    mutating func has(_ name: StaticString) -> Bool {
        let start = r.position
        guard r.consume(first ? "{\"" : ",\""), r.consume(name), r.consume("\":") else {
            r.position = start
            return false
        }
        first = false
        self.name = name
        return true
    }

    /// The object ends here.
    mutating func finish() throws(FoldError) {
        guard r.consume(first ? "{}" : "}"), r.position == dataEnd else { throw mismatch("unexpected data.\(text(fieldAt: r.position))") }
    }

    /// A string, as its quoted bytes.
    mutating func text() throws(FoldError) -> LineSpan {
        let range = try string()
        return LineSpan(range.lowerBound - 1..<range.upperBound + 1)
    }

    mutating func integer(_ range: ClosedRange<Int64>) throws(FoldError) -> Int64 {
        let n = try number("an integer")
        guard range.contains(n) else { throw invalid("is \(n), outside \(range.lowerBound)...\(range.upperBound)") }
        return n
    }

    mutating func cents(positive: Bool) throws(FoldError) -> Int64 {
        let n = try number("an integer number of cents")
        guard positive ? n > 0 : n >= 0, n <= DataReader.maxCentsValue else {
            throw invalid("is \(n) cents, outside \(positive ? 1 : 0)...\(DataReader.maxCentsValue)")
        }
        return n
    }

    mutating func bool() throws(FoldError) -> Bool {
        if r.consume("true") { return true }
        if r.consume("false") { return false }
        throw invalid("is not true or false")
    }

    mutating func date() throws(FoldError) -> Int32 {
        let range = try string()
        guard let days = CalendarDate.parseDate(UnsafeRawBufferPointer(rebasing: line[range])) else {
            throw invalid("\"\(EventLine.text(line, range))\" is not a real YYYY-MM-DD date")
        }
        return Int32(days)
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws(FoldError) -> E where E.RawValue == String {
        let range = try string()
        guard let value = E(rawValue: EventLine.text(line, range)) else {
            throw invalid("\"\(EventLine.text(line, range))\" is not one of \(E.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        return value
    }

    mutating func choices<E: RawRepresentable & CaseIterable & Equatable & Sendable>(_: E.Type) throws(FoldError) -> CodeList<E> where E.RawValue == String {
        var list = CodeList<E>()
        try items(of: "a list") { (cursor: inout DataCursor) throws(FoldError) in
            let value = try cursor.choice(E.self)
            guard !list.contains(value) else { throw cursor.invalid("lists \(value.rawValue) twice") }
            list.append(value)
        }
        return list
    }

    /// A debt, offer or pause id of the event's household.
    mutating func child(_ kind: Pseudonym.ChildKind) throws(FoldError) -> Int64 {
        let range = try string()
        guard let household, let key = PseudonymKey.child(
            UnsafeRawBufferPointer(rebasing: line[range]), of: UnsafeRawBufferPointer(rebasing: line[household]),
            householdKey: householdKey, kind: kind) else {
            throw invalid("\"\(EventLine.text(line, range))\" is not an id of household \(household.map { EventLine.text(line, $0) } ?? "?")")
        }
        return key
    }

    /// A non-empty list of distinct child ids, as its bytes (the fold reads it with `childKeys`).
    mutating func childList(_ kind: Pseudonym.ChildKind) throws(FoldError) -> LineSpan {
        let start = r.position
        var seen: [Int64] = []
        try items(of: "a non-empty list") { (cursor: inout DataCursor) throws(FoldError) in
            let key = try cursor.child(kind)
            guard !seen.contains(key) else { throw cursor.invalid("lists \(PseudonymKey.childID(key, kind: kind)) twice") }
            seen.append(key)
        }
        guard !seen.isEmpty else { throw invalid("is not a non-empty list") }
        return LineSpan(start..<r.position)
    }

    /// The keys of a list `childList` checked.
    static func childKeys(_ list: LineSpan, in line: UnsafeRawBufferPointer, household: Range<Int>, householdKey: Int64,
                          kind: Pseudonym.ChildKind) -> [Int64] {
        var keys: [Int64] = []
        var i = list.range.lowerBound + 1
        while i < list.range.upperBound - 1 {
            let start = i + 1
            var end = start
            while line[end] != UInt8(ascii: "\"") { end += 1 }
            keys.append(PseudonymKey.child(UnsafeRawBufferPointer(rebasing: line[start..<end]), of: UnsafeRawBufferPointer(rebasing: line[household]),
                                           householdKey: householdKey, kind: kind) ?? -1)
            i = end + 2
        }
        return keys
    }

    mutating func coach() throws(FoldError) -> Int64 {
        let range = try string()
        guard let key = PseudonymKey.coach(UnsafeRawBufferPointer(rebasing: line[range])) else {
            throw invalid("\"\(EventLine.text(line, range))\" is not a coach pseudonym (\(Pseudonym.coachShape))")
        }
        return key
    }

    mutating func fund() throws(FoldError) -> LineSpan {
        let span = try text()
        let id = EventLine.text(line, span.range.lowerBound + 1..<span.range.upperBound - 1)
        guard Pseudonym.isFund(id) else { throw invalid("\"\(id)\" is not a fund id (\(Pseudonym.fundShape))") }
        return span
    }

    private mutating func items(of what: String, _ item: (inout DataCursor) throws(FoldError) -> Void) throws(FoldError) {
        guard r.consume("[") else { throw invalid("is not \(what)") }
        if r.consume("]") { return }
        repeat { try item(&self) } while r.consume(",")
        guard r.consume("]") else { throw invalid("is not \(what)") }
    }

    private mutating func string() throws(FoldError) -> Range<Int> {
        do {
            return try r.scanString()
        } catch {
            throw invalid("is not a string: \(error)")
        }
    }

    private mutating func number(_ what: String) throws(FoldError) -> Int64 {
        do {
            return try r.parseInteger()
        } catch {
            throw invalid("is not \(what): \(error)")
        }
    }

    private func invalid(_ what: String) -> FoldError { mismatch("data.\(name) \(what)") }

    private func mismatch(_ what: String) -> FoldError {
        FoldError("\(type.rawValue) does not match the catalogue: \(what)")
    }

    /// The key at `position`, or the byte there, for a message.
    private func text(fieldAt position: Int) -> String {
        var end = position + 2
        while end < dataEnd, line[end] != UInt8(ascii: "\"") { end += 1 }
        return position + 2 <= min(end, dataEnd) ? EventLine.text(line, position + 2..<min(end, dataEnd)) : "at byte \(position)"
    }
}

/// A byte range of the line being folded.
struct LineSpan: Equatable, Sendable {
    private var start: Int32
    private var end: Int32
    init(_ range: Range<Int>) {
        start = Int32(range.lowerBound)
        end = Int32(range.upperBound)
    }
    var range: Range<Int> { Int(start)..<Int(end) }
    func bytes(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: line[range]) }
}

/// An ordered list of distinct choices, four bits each (every closed list has fewer than 16
/// values): a value type without an array.
struct CodeList<E: RawRepresentable & CaseIterable & Equatable & Sendable>: Equatable, Sendable where E.RawValue == String {
    private var packed: UInt64 = 0
    private(set) var count = 0

    init() {}
    /// Codes packed as `append` packs them (by `ledger_decode_event`).
    init(packed: UInt64, count: Int) {
        self.packed = packed
        self.count = count
    }
    init(_ values: [E]) { values.forEach { append($0) } }

    mutating func append(_ value: E) {
        let code = UInt64(E.allCases.firstIndex(of: value).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) }! + 1)
        packed |= code << (4 * count)
        count += 1
    }

    var values: [E] {
        let all = Array(E.allCases)
        return (0..<count).map { all[Int(packed >> (4 * $0) & 0xF) - 1] }
    }

    func contains(_ value: E) -> Bool { values.contains(value) }
}
