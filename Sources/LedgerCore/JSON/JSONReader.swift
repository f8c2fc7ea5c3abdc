#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON reader over bytes. Two dialects:
/// - `canonical`: exactly what the ledger writes — no whitespace, integers without leading zeros,
///   strings escaped the one canonical way — so a line has a single valid byte form;
/// - lenient: any RFC 8259 text from people and scripts (whitespace, every escape), still without
///   fractions or exponents, because money is integer cents.
/// Both refuse duplicate keys, invalid UTF-8 and nesting deeper than `maxDepth`.
public struct JSONReader {
    public static let maxDepth = 32

    public let bytes: UnsafeRawBufferPointer
    public var position: Int
    public let canonical: Bool
    private var depth = 0

    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0, canonical: Bool) {
        self.bytes = bytes
        self.position = position
        self.canonical = canonical
    }

    /// Parses one complete text; anything but whitespace after it is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer, canonical: Bool) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes, canonical: canonical)
        reader.skipWhitespace()
        let value = try reader.parseValue()
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected data after the JSON value") }
        return value
    }

    public var atEnd: Bool { position >= bytes.count }

    public func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, reason) }

    public mutating func skipWhitespace() {
        guard !canonical else { return }
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `literal` if it is next.
    @inline(__always)
    public mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count, Self.equal(bytes.baseAddress! + position, literal.utf8Start, count) else { return false }
        position += count
        return true
    }

    /// Compares eight bytes at a time: the literals are keys of a few bytes, compared some
    /// twenty times per replayed line, where a call to `memcmp` costs more than the comparison.
    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let b = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= count {
            guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
            i += 8
        }
        while i < count {
            guard a.load(fromByteOffset: i, as: UInt8.self) == b.load(fromByteOffset: i, as: UInt8.self) else { return false }
            i += 1
        }
        return true
    }

    /// `what` is built only when the byte is missing: most calls name a key, and building that
    /// text for every key of every line cost more than parsing it.
    public mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(JSONSyntaxError) {
        guard position < bytes.count, bytes[position] == byte else { throw error("expected \(what())") }
        position += 1
    }

    // MARK: values

    public mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return try parseKeyword()
        default: return .integer(try parseInteger())
        }
    }

    public mutating func parseObject() throws(JSONSyntaxError) -> JSONObject {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "{"), "'{'")
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if consume("}") { return JSONObject(members) }
        members.reserveCapacity(membersAhead())
        while true {
            skipWhitespace()
            let keyStart = position
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw JSONSyntaxError(offset: keyStart, "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
            skipWhitespace()
            members.append(JSONObject.Member(key, try parseValue()))
            skipWhitespace()
            if consume("}") { return JSONObject(members) }
            try expect(UInt8(ascii: ","), "',' or '}' in object")
        }
    }

    /// How many members the object being read has from `position` on (just inside its `{`),
    /// by its commas outside nested values and strings: counted before they are read, so that
    /// their array is allocated once at its size. (It was allocated for eight: an import's
    /// `data` of one field then took 352 bytes instead of 72, and a million of them a fifth more
    /// page faults, 52,000 → 64,000.) A count only — an object that does not end is the
    /// reading's to name; the count then is a guess.
    private func membersAhead() -> Int {
        guard let base = bytes.baseAddress else { return 1 }
        var index = position, depth = 0, commas = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return commas + 1 }
                depth -= 1
            case UInt8(ascii: ","): if depth == 0 { commas += 1 }
            case UInt8(ascii: "\""):
                // To the closing quote: the next one not escaped by an odd run of backslashes.
                while true {
                    guard let quote = memchr(base + index + 1, 0x22, bytes.count - index - 1) else { return commas + 1 }
                    index = base.distance(to: quote)
                    var backslashes = 0
                    while bytes[index - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
                    if backslashes % 2 == 0 { break }
                }
            default: break
            }
            index += 1
        }
        return commas + 1
    }

    public mutating func parseArray() throws(JSONSyntaxError) -> [JSONValue] {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "["), "'['")
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume("]") { return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if consume("]") { return elements }
            try expect(UInt8(ascii: ","), "',' or ']' in array")
        }
    }

    private mutating func parseKeyword() throws(JSONSyntaxError) -> JSONValue {
        if consume("true") { return .bool(true) }
        if consume("false") { return .bool(false) }
        if consume("null") { return .null }
        throw error("invalid literal")
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONReader.maxDepth else { throw error("nested deeper than \(JSONReader.maxDepth) levels") }
    }

    /// `-?(0|[1-9][0-9]*)` within Int64. Fractions and exponents are refused by name, because a
    /// float sneaking into an amount is the mistake this guards against.
    public mutating func parseInteger() throws(JSONSyntaxError) -> Int64 {
        let start = position
        let negative = consume("-")
        guard position < bytes.count, isDigit(bytes[position]) else {
            position = start
            throw error("expected a value")
        }
        if bytes[position] == UInt8(ascii: "0"), position + 1 < bytes.count, isDigit(bytes[position + 1]) {
            throw error("number with a leading zero")
        }
        var magnitude: UInt64 = 0
        while position < bytes.count, isDigit(bytes[position]) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[position] - 48))
            guard !o1, !o2, sum <= UInt64(Int64.max) + (negative ? 1 : 0) else {
                throw JSONSyntaxError(offset: start, "integer out of range")
            }
            magnitude = sum
            position += 1
        }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw JSONSyntaxError(
                offset: start, "number \(numberText(from: start)) is not an integer (amounts are integer cents)")
        }
        if negative && magnitude == 0 && canonical { throw JSONSyntaxError(offset: start, "-0 is not canonical") }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    private func numberText(from start: Int) -> String {
        var end = start
        while end < bytes.count, "+-.0123456789eE".utf8.contains(bytes[end]) { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: strings

    public mutating func parseString() throws(JSONSyntaxError) -> String {
        let range = try scanString()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
        if !raw.contains(UInt8(ascii: "\\")) {
            return String(decoding: raw, as: UTF8.self)  // already validated by scanString
        }
        return try unescape(range)
    }

    /// Validates a string and returns the byte range between its quotes, without building it.
    public mutating func scanString() throws(JSONSyntaxError) -> Range<Int> {
        try expect(UInt8(ascii: "\""), "a string")
        let start = position
        var asciiOnly = true
        while position < bytes.count {
            // Eight bytes at a time: past them when none is a quote, backslash, control
            // character or non-ASCII, else straight to the first that is.
            if position + 8 <= bytes.count {
                let special = Self.special(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)))
                if special == 0 {
                    position += 8
                    continue
                }
                position += special.trailingZeroBitCount / 8
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let range = start..<position
                position += 1
                if !asciiOnly && String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) == nil {
                    throw JSONSyntaxError(offset: start, "string is not valid UTF-8")
                }
                return range
            case UInt8(ascii: "\\"):
                try scanEscape()
            case 0..<0x20:
                throw error("control character 0x\(String(byte, radix: 16)) in string must be escaped")
            default:
                if byte >= 0x80 { asciiOnly = false }
                position += 1
            }
        }
        throw JSONSyntaxError(offset: start - 1, "unterminated string")
    }

    /// Which of eight bytes (the first in the lowest) end or escape a string or need a closer
    /// look: those `escaped` flags, and UTF-8 (above 0x7F), whose sequences are checked.
    @inline(__always)
    private static func special(_ word: UInt64) -> UInt64 {
        escaped(word) | (word & 0x8080_8080_8080_8080)
    }

    /// Which of eight bytes (the first in the lowest) a JSON string must escape (SWAR: a byte's
    /// high bit is set when it is `"`, `\\` or below 0x20). A borrow can also flag a plain byte,
    /// but only above a byte flagged rightly, so the lowest flag is always the first such byte.
    @inline(__always)
    static func escaped(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        return zeroByte(word ^ (ones &* 0x22)) | zeroByte(word ^ (ones &* 0x5C)) | ((word &- ones &* 0x20) & ~word & high)
    }

    private mutating func scanEscape() throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error("unterminated escape") }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "/"):
            if canonical { throw JSONSyntaxError(offset: escapeStart, "escape \\/ is not canonical") }
        case UInt8(ascii: "u"):
            guard position + 4 <= bytes.count, let unit = hex4(at: position) else {
                throw JSONSyntaxError(offset: escapeStart, "invalid \\u escape")
            }
            position += 4
            if canonical && (unit >= 0x20 || [0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(unit)) {
                throw JSONSyntaxError(offset: escapeStart, "escape \\u\(String(unit, radix: 16)) is not canonical")
            }
        default:
            throw JSONSyntaxError(offset: escapeStart, "invalid escape \\\(Character(Unicode.Scalar(c)))")
        }
    }

    private func hex4(at offset: Int) -> UInt16? {
        var value: UInt16 = 0
        for i in 0..<4 {
            let c = bytes[offset + i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F") where !canonical: digit = c - 55
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func unescape(_ range: Range<Int>) throws(JSONSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var i = range.lowerBound
        func flush() {
            if !utf8.isEmpty {
                scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll(keepingCapacity: true)
            }
        }
        while i < range.upperBound {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                i += 1
                continue
            }
            flush()
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let unit = hex4(at: i)!
                i += 4
                if (0xD800..<0xDC00).contains(unit) {
                    guard i + 6 <= range.upperBound, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(at: i + 2), (0xDC00..<0xE000).contains(low) else {
                        throw JSONSyntaxError(offset: i - 6, "unpaired surrogate in \\u escape")
                    }
                    i += 6
                    let scalar = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                    scalars.append(Unicode.Scalar(scalar)!)
                } else if let scalar = Unicode.Scalar(unit) {
                    scalars.append(scalar)
                } else {
                    throw JSONSyntaxError(offset: i - 6, "unpaired surrogate in \\u escape")
                }
            default: scalars.append(Unicode.Scalar(c))  // \" \\ \/
            }
        }
        flush()
        return String(scalars)
    }

    // MARK: validation without building values

    /// Checks one value of the dialect without allocating (but for objects of more than 16 keys).
    public mutating func skipValue() throws(JSONSyntaxError) {
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            position += 1
            skipWhitespace()
            if consume("}") { return }
            // The keys seen so far, to refuse a duplicate. On the stack: this runs for every
            // line of a replay, and objects in the log have a handful of keys.
            try withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 16) { (inline) throws(JSONSyntaxError) in
                var count = 0
                var more: [Range<Int>] = []
                while true {
                    skipWhitespace()
                    let key = try scanString()
                    let seen = inline.prefix(count).contains { bytes[$0].elementsEqual(bytes[key]) }
                        || more.contains { bytes[$0].elementsEqual(bytes[key]) }
                    if seen {
                        throw JSONSyntaxError(offset: key.lowerBound - 1, "duplicate key \"\(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self))\"")
                    }
                    if count < inline.count {
                        inline[count] = key
                        count += 1
                    } else {
                        more.append(key)
                    }
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':' after a key")
                    skipWhitespace()
                    try skipValue()
                    skipWhitespace()
                    if consume("}") { return }
                    try expect(UInt8(ascii: ","), "',' or '}' in object")
                }
            }
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            position += 1
            skipWhitespace()
            if consume("]") { return }
            while true {
                skipWhitespace()
                try skipValue()
                skipWhitespace()
                if consume("]") { return }
                try expect(UInt8(ascii: ","), "',' or ']' in array")
            }
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): _ = try parseKeyword()
        default: _ = try parseInteger()
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
}
