#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// without escapes — read in one pass with its keys matched from their bytes, no value
    /// built that the event does not keep. Nil for anything else (including every line with a
    /// mistake), which the full reading then judges: whatever this accepts, it accepts too.
    init?(plainInputLine bytes: UnsafeRawBufferPointer) {
        var r = JSONReader(bytes, canonical: false)
        var seen: UInt8 = 0  // a bit per field, `InputField.rawValue`
        var type: EventType?, version: Int64?, effective: Int?, actor: String?
        var key: String?, household: String?, data: JSONObject?
        /// The text of a string value without escapes, or nil.
        func plain(_ r: inout JSONReader) -> UnsafeRawBufferPointer? {
            guard let range = try? r.scanString() else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[range])
            return text.contains(UInt8(ascii: "\\")) ? nil : text
        }
        func id(_ r: inout JSONReader) -> String? {
            guard let text = plain(&r), Identifier.isValid(text) else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
        r.skipWhitespace()
        guard (try? r.enter()) != nil, r.consume("{") else { return nil }
        repeat {
            r.skipWhitespace()
            guard let name = plain(&r), let field = InputField(name), seen & field.bit == 0 else { return nil }
            seen |= field.bit
            r.skipWhitespace()
            guard r.consume(":") else { return nil }
            r.skipWhitespace()
            switch field {
            case .type:
                guard let name = plain(&r), let known = EventType(bytes: name) else { return nil }
                type = known
            case .version:
                guard let v = try? r.parseInteger() else { return nil }
                version = v
            case .effective:
                guard let text = plain(&r), let days = CalendarDate.parseDate(text) else { return nil }
                effective = days
            case .actor: actor = id(&r)
            case .key: key = id(&r)
            case .household: household = id(&r)
            case .data:
                guard !r.atEnd, bytes[r.position] == UInt8(ascii: "{"), let object = try? r.parseObject() else { return nil }
                data = object
            }
            guard field != .actor || actor != nil, field != .key || key != nil, field != .household || household != nil else { return nil }
            r.skipWhitespace()
        } while r.consume(",")
        guard r.consume("}") else { return nil }
        r.skipWhitespace()
        guard r.atEnd, let event = try? PendingEvent(
            checking: type, version: version, effective: effective, actor: actor, key: key, household: household, data: data)
        else { return nil }
        self = event
    }
}

/// The envelope's fields an input line may give.
private enum InputField: UInt8 {
    case type, version, effective, actor, key, household, data

    var bit: UInt8 { 1 << rawValue }

    init?(_ name: UnsafeRawBufferPointer) {
        func named(_ field: StaticString) -> Bool {
            name.count == field.utf8CodeUnitCount && memcmp(name.baseAddress!, field.utf8Start, name.count) == 0
        }
        switch name.count {
        case 1 where named("v"): self = .version
        case 3 where named("key"): self = .key
        case 4 where named("type"): self = .type
        case 4 where named("data"): self = .data
        case 5 where named("actor"): self = .actor
        case 9 where named("effective"): self = .effective
        case 9 where named("household"): self = .household
        default: return nil
        }
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
