/// Reads an event's `data` object field by field with the catalogue's types, naming the field
/// and the value in every error, and refusing fields the catalogue does not have.
public struct DataReader {
    let object: JSONObject
    let household: String?
    /// Which of the object's members were read, by position (a bit each; an object with more
    /// members than bits has fields the catalogue does not know, which `finish` finds anyway).
    private var read: UInt64 = 0

    init(_ object: JSONObject, household: String?) {
        self.object = object
        self.household = household
    }

    /// Longest free text (a note or reason), in characters.
    public static let maxTextLength = 500

    private mutating func value(_ key: String) -> JSONValue? {
        guard let index = object.members.firstIndex(where: { $0.key == key }) else { return nil }
        if index < 64 { read |= 1 << index }
        let value = object.members[index].value
        return value == .null ? nil : value
    }

    private mutating func required(_ key: String) throws(InputError) -> JSONValue {
        guard let value = value(key) else { throw InputError("data.\(key) is missing") }
        return value
    }

    mutating func string(_ key: String) throws(InputError) -> String {
        guard case .string(let text) = try required(key) else { throw wrongType(key, "a string") }
        return text
    }

    /// A debt, offer or pause id of the event's own household.
    mutating func child(_ key: String, _ kind: Pseudonym.ChildKind) throws(InputError) -> String {
        try child(key, kind, try required(key))
    }

    private func child(_ key: String, _ kind: Pseudonym.ChildKind, _ value: JSONValue) throws(InputError) -> String {
        guard case .string(let id) = value, let household, Pseudonym.isChild(id, of: household, kind: kind) else {
            throw InputError("data.\(key) \(render(value)) is not an id of household \(household ?? "?") (like \(kind.example(household ?? "HH-007")))")
        }
        return id
    }

    mutating func childList(_ key: String, _ kind: Pseudonym.ChildKind) throws(InputError) -> [String] {
        guard case .array(let values) = try required(key), !values.isEmpty else { throw wrongType(key, "a non-empty list") }
        var ids: [String] = []
        for value in values {
            let id = try child(key, kind, value)
            guard !ids.contains(id) else { throw InputError("data.\(key) lists \(id) twice") }
            ids.append(id)
        }
        return ids
    }

    mutating func coach(_ key: String) throws(InputError) -> String {
        let id = try string(key)
        guard Pseudonym.isCoach(id) else { throw InputError("data.\(key) \"\(id)\" is not a coach pseudonym (\(Pseudonym.coachShape))") }
        return id
    }

    mutating func fund(_ key: String) throws(InputError) -> String {
        let id = try string(key)
        guard Pseudonym.isFund(id) else { throw InputError("data.\(key) \"\(id)\" is not a fund id (\(Pseudonym.fundShape))") }
        return id
    }

    /// Free text: not empty, at most `maxTextLength` characters, no control characters, and no
    /// personal data (the privacy guard).
    mutating func text(_ key: String) throws(InputError) -> String {
        let text = try string(key)
        try DataReader.checkText(text, field: "data.\(key)")
        return text
    }

    mutating func optionalText(_ key: String) throws(InputError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string") }
        try DataReader.checkText(text, field: "data.\(key)")
        return text
    }

    static func checkText(_ text: String, field: String) throws(InputError) {
        guard !text.trimmingSpaces.isEmpty else { throw InputError("\(field) is empty") }
        guard text.count <= maxTextLength else { throw InputError("\(field) is \(text.count) characters, over the limit of \(maxTextLength)") }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw InputError("\(field) contains a control character")
        }
        if let found = PrivacyGuard.personalData(in: text) {
            throw InputError("\(field) contains what looks like \(found); the log is immutable and must not hold personal data")
        }
    }

    mutating func integer(_ key: String, _ range: ClosedRange<Int64>) throws(InputError) -> Int64 {
        guard case .integer(let n) = try required(key) else { throw wrongType(key, "an integer") }
        guard range.contains(n) else {
            throw InputError("data.\(key) is \(n), outside \(range.lowerBound)...\(range.upperBound == Int64.max ? "" : String(range.upperBound))")
        }
        return n
    }

    /// An amount in cents; `positive` requires more than zero, otherwise zero is allowed.
    mutating func cents(_ key: String, positive: Bool) throws(InputError) -> Int64 {
        guard case .integer(let n) = try required(key) else { throw wrongType(key, "an integer number of cents") }
        guard positive ? n > 0 : n >= 0 else {
            throw InputError("data.\(key) is \(n) cents; it must be \(positive ? "more than" : "at least") zero")
        }
        guard n <= maxCents else { throw InputError("data.\(key) is \(n) cents, over the limit of \(maxCents)") }
        return n
    }

    /// 10^13 cents (a hundred billion euros) keeps every sum far from overflowing 64 bits.
    public static let maxCentsValue: Int64 = 10_000_000_000_000
    private var maxCents: Int64 { DataReader.maxCentsValue }

    mutating func bool(_ key: String) throws(InputError) -> Bool {
        guard case .bool(let b) = try required(key) else { throw wrongType(key, "true or false") }
        return b
    }

    mutating func optionalBool(_ key: String) throws(InputError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw wrongType(key, "true or false") }
        return b
    }

    /// A real `YYYY-MM-DD` date, as days since the epoch.
    mutating func date(_ key: String) throws(InputError) -> Int {
        let value = try required(key)
        guard case .string(let text) = value, let days = CalendarDate.parseDate(text) else {
            throw InputError("data.\(key) \(render(value)) is not a real YYYY-MM-DD date")
        }
        return days
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(InputError) -> E where E.RawValue == String {
        let value = try required(key)
        return try DataReader.choice(key, value, E.self)
    }

    mutating func choices<E: RawRepresentable & CaseIterable & Equatable>(_ key: String, _: E.Type) throws(InputError) -> [E] where E.RawValue == String {
        guard case .array(let values) = try required(key) else { throw wrongType(key, "a list") }
        var result: [E] = []
        for value in values {
            let item = try DataReader.choice(key, value, E.self)
            guard !result.contains(item) else { throw InputError("data.\(key) lists \(item.rawValue) twice") }
            result.append(item)
        }
        return result
    }

    private static func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ value: JSONValue, _: E.Type) throws(InputError) -> E where E.RawValue == String {
        // Compared with each case's name rather than through `init(rawValue:)`, whose matching of
        // a read string against the names as written was a tenth of the reading of an approach.
        guard case .string(let text) = value, let item = E.allCases.first(where: { $0.rawValue == text }) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: "|")
            throw InputError("data.\(key) \(render(value)) is not one of \(allowed)")
        }
        return item
    }

    /// Refuses fields the catalogue does not list for this type.
    func finish(_ type: EventType) throws(InputError) {
        if let unknown = object.members.indices.first(where: { $0 >= 64 || read & (1 << $0) == 0 }).map({ object.members[$0] }) {
            throw InputError("data.\(unknown.key) is not a field of \(type.rawValue)")
        }
    }

    private func wrongType(_ key: String, _ expected: String) -> InputError {
        InputError("data.\(key) \(render(object[key] ?? .null)) is not \(expected)")
    }
}

/// Writes an event's `data` in the catalogue's key order — or, made `comparing` an object,
/// checks whether writing would give exactly that object, without building it.
public struct DataWriter {
    public private(set) var object = JSONObject()
    /// The object compared against, and how many of its members were written alike so far.
    private let expected: JSONObject?
    private var matched = 0
    private var differs = false

    init() { expected = nil }
    private init(comparing expected: JSONObject) { self.expected = expected }

    /// Whether `payload` writes exactly `object` (its `data` needs no rebuilding then).
    static func writes(_ payload: some EventPayload, exactly object: JSONObject) -> Bool {
        var w = DataWriter(comparing: object)
        payload.write(&w)
        return !w.differs && w.matched == object.members.count
    }

    private mutating func append(_ member: JSONObject.Member) {
        guard let expected else { return object.members.append(member) }
        if !differs && matched < expected.members.count && expected.members[matched] == member { matched += 1 } else { differs = true }
    }

    mutating func add(_ key: String, _ value: String) { append(.init(key, .string(value))) }
    mutating func add(_ key: String, _ value: Int64) { append(.init(key, .integer(value))) }
    mutating func add(_ key: String, _ value: Bool) { append(.init(key, .bool(value))) }
    mutating func add(_ key: String, _ values: [String]) { append(.init(key, .array(values.map(JSONValue.string)))) }
    mutating func add(_ key: String, date days: Int) { add(key, CalendarDate.formatDate(days: days)) }
    mutating func add<E: RawRepresentable>(_ key: String, _ value: E) where E.RawValue == String { add(key, value.rawValue) }
    mutating func add<E: RawRepresentable>(_ key: String, _ values: [E]) where E.RawValue == String { add(key, values.map(\.rawValue)) }
    mutating func add(_ key: String, _ value: String?) { if let value { add(key, value) } }
}

extension String {
    var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return Substring(scalars[first...last])
    }
}
