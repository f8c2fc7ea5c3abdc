#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEventLine

extension PendingEvent {
    /// Reads one line of an append batch: a JSON object with `type`, `effective`, `actor`,
    /// optional `v`, `key`, `household`, and `data`. Whitespace and any key order are fine here;
    /// the ledger writes the canonical form. The error says which field is wrong and with what value.
    public init(inputLine bytes: UnsafeRawBufferPointer) throws(InputError) {
        guard bytes.count <= Limits.maxLineBytes else {
            throw InputError("line is \(bytes.count) bytes, over the \(Limits.maxLineBytes)-byte limit")
        }
        // A million-line import is mostly plain lines: read them in one pass. Any line the
        // plain reading is unsure of is read in full, which gives the verdict and the reason.
        if let plain = PendingEvent(plainInputLine: bytes) {
            self = plain
            return
        }
        try self.init(parsingInputLine: bytes)
    }

    /// The full reading of an input line: the JSON value first, then each member.
    init(parsingInputLine bytes: UnsafeRawBufferPointer) throws(InputError) {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes, canonical: false)
        } catch {
            throw InputError("not valid JSON: \(error)")
        }
        guard case .object(let object) = value else { throw InputError("not a JSON object") }

        var type: EventType?, version: Int64?, effective: Int?, actor: String?
        var key: String?, household: String?, data: JSONObject?
        for member in object.members {
            let value = member.value
            switch member.key {
            case "type":
                guard case .string(let name) = value else { throw InputError("type must be a string") }
                var bytes = name
                guard let known = bytes.withUTF8({ EventType(bytes: UnsafeRawBufferPointer($0)) }) else {
                    throw InputError("unknown event type \"\(name)\"")
                }
                type = known
            case "v":
                guard case .integer(let v) = value else { throw InputError("v must be an integer") }
                version = v
            case "effective":
                guard case .string(let text) = value, let days = CalendarDate.parseDate(text) else {
                    throw InputError("effective \(render(value)) is not a real YYYY-MM-DD date")
                }
                effective = days
            case "actor": actor = try identifier(value, "actor")
            case "key": key = try identifier(value, "key")
            case "household": household = try identifier(value, "household")
            case "data":
                guard case .object(let object) = value else { throw InputError("data must be a JSON object") }
                data = object
            case "seq", "batch", "recordedAt", "prev":
                throw InputError("\(member.key) is assigned by the ledger; leave it out")
            default:
                throw InputError("unknown field \"\(member.key)\"")
            }
        }
        try self.init(checking: type, version: version, effective: effective, actor: actor, key: key, household: household, data: data)
    }

    /// The envelope's own rules, for both readings: every field it needs, a version of the
    /// type that exists, a household exactly for household events.
    private init(
        checking type: EventType?, version: Int64?, effective: Int?, actor: String?, key: String?, household: String?, data: JSONObject?
    ) throws(InputError) {
        guard let type else { throw InputError("missing field type") }
        guard let effective else { throw InputError("missing field effective") }
        guard let actor else { throw InputError("missing field actor") }
        guard let data else { throw InputError("missing field data") }
        if let version, version != type.currentVersion {
            throw InputError("\(type.rawValue) has no version \(version) (current is \(type.currentVersion))")
        }
        if type.isHouseholdEvent && household == nil { throw InputError("\(type.rawValue) needs a household") }
        if !type.isHouseholdEvent && household != nil { throw InputError("\(type.rawValue) has no household") }
        self.init(type: type, version: version, effective: effective, actor: actor, key: key, household: household, data: data)
    }


    /// A line in the shape nearly every line has — an object with known keys, ids and dates
    /// without escapes — read in one pass in C (`ledger_read_input`), and its `data` here; nil
    /// for anything else (including every line with a mistake), which the full reading then
    /// judges: whatever this accepts, it accepts too (`thePlainReadingAgreesWithTheFullReading`).
    init?(plainInputLine bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var fields = ledger_input()
        guard ledger_read_input(base, bytes.count, &fields) == 1 else { return nil }
        func text(_ span: ledger_span) -> String? { span.rangeIfPresent.map { EventLine.text(bytes, $0) } }
        var data: JSONObject?
        if let range = fields.data.rangeIfPresent {
            var r = JSONReader(UnsafeRawBufferPointer(rebasing: bytes[range]), canonical: false)
            // Entered once for the line's own object, as the full reading is: the same depth limit.
            guard (try? r.enter()) != nil, let object = try? r.parseObject(), r.atEnd else { return nil }
            data = object
        }
        guard let event = try? PendingEvent(
            checking: fields.type == 0xFF ? nil : EventType.byOrdinal[Int(fields.type)],
            version: fields.version < 0 ? nil : fields.version,
            effective: fields.has_effective == 0 ? nil : Int(fields.effective),
            actor: text(fields.actor), key: text(fields.key), household: text(fields.household), data: data)
        else { return nil }
        self = event
    }
}

private func identifier(_ value: JSONValue, _ name: String) throws(InputError) -> String {
    guard case .string(let text) = value, Identifier.isValid(text) else {
        throw InputError("\(name) \(render(value)) is not an id (\(Identifier.alphabet), at most \(Identifier.maxLength))")
    }
    return text
}

/// A value as it would read in JSON, for error messages.
func render(_ value: JSONValue) -> String {
    var w = JSONWriter()
    w.write(value)
    let text = w.text
    return text.count > 80 ? String(text.prefix(77)) + "..." : text
}

/// Why one input line was refused (the caller adds the line number).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
