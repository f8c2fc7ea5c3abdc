/// Writes JSON in the canonical form: no whitespace, keys in the order given, integers only,
/// strings with the minimal escapes (`\"`, `\\`, the short control escapes, `\u00xx` for the
/// remaining control characters) and everything else as literal UTF-8.
public struct JSONWriter: ~Copyable {
    /// What was written so far (a copy: the writer appends to a `ByteBuffer` of its own).
    public var bytes: [UInt8] { buffer.array() }
    /// How many bytes were written so far.
    public var count: Int { buffer.count }
    /// What was written so far, as text (no array made on the way).
    public var text: String { buffer.withBytes { String(decoding: $0, as: UTF8.self) } }
    private var buffer: ByteBuffer
    /// The last timestamp written, as text: every line of a batch has the same `recordedAt`, so
    /// a writer encoding many lines spells it once.
    private var lastTimestamp: (seconds: Int64, text: [UInt8])?
    /// The last date written, quoted (12 bytes of the 16).
    private var lastDate: (days: Int, text: SIMD16<UInt8>)?

    public init(capacity: Int = 256) {
        buffer = ByteBuffer(capacity: capacity)
    }

    public func withBytes<R, E>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R { try buffer.withBytes(body) }

    /// Appends one byte as it is (the `\n` after a log line, say).
    @inline(__always) public mutating func append(_ byte: UInt8) { buffer.append(byte) }

    /// Appends bytes as they are.
    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) { buffer.append(bytes) }

    /// Appends bytes that are JSON already, as they are.
    public mutating func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .integer(let n): write(n)
        case .string(let s): write(s)
        case .array(let elements):
            append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { append(UInt8(ascii: ",")) }
                write(element)
            }
            append(UInt8(ascii: "]"))
        case .object(let object): write(object)
        }
    }

    public mutating func write(_ object: JSONObject) {
        append(UInt8(ascii: "{"))
        for (i, member) in object.members.enumerated() {
            if i > 0 { append(UInt8(ascii: ",")) }
            write(member.key)
            append(UInt8(ascii: ":"))
            write(member.value)
        }
        append(UInt8(ascii: "}"))
    }

    public mutating func write(_ n: Int64) {
        if n < 0 { append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var written = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[19 - written] = UInt8(magnitude % 10) + 48
                magnitude /= 10
                written += 1
            } while magnitude > 0
            append(UnsafeRawBufferPointer(rebasing: digits[(20 - written)...]))
        }
    }

    public mutating func write(_ string: String) {
        append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Nearly every string needs no escape: copy it whole.
            if !Self.needsEscape(UnsafeRawBufferPointer(utf8)) {
                append(UnsafeRawBufferPointer(utf8))
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x08: raw("\\b")
                case 0x09: raw("\\t")
                case 0x0A: raw("\\n")
                case 0x0C: raw("\\f")
                case 0x0D: raw("\\r")
                case 0..<0x20:
                    raw("\\u00")
                    let digits = Array("0123456789abcdef".utf8)
                    append(digits[Int(byte >> 4)])
                    append(digits[Int(byte & 0xF)])
                default: append(byte)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Whether any byte of `text` must be escaped: eight bytes at a time, as the reader scans.
    private static func needsEscape(_ text: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= text.count {
            if JSONReader.escaped(text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) != 0 { return true }
            offset += 8
        }
        while offset < text.count {
            let byte = text[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }

    /// A quoted `YYYY-MM-DD`, written digit by digit (one per event on import: no strings built);
    /// the same date as the last one is copied (the events of a batch share a few dates).
    public mutating func writeDate(days: Int) {
        if let last = lastDate, last.days == days {
            withUnsafeBytes(of: last.text) { append(UnsafeRawBufferPointer(rebasing: $0[..<12])) }
            return
        }
        let start = count
        append(UInt8(ascii: "\""))
        appendDate(days: days)
        append(UInt8(ascii: "\""))
        guard count - start == 12 else { return }  // a year past 9999 is not remembered
        var text = SIMD16<UInt8>()
        buffer.withBytes { written in withUnsafeMutableBytes(of: &text) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: written[start...])) } }
        lastDate = (days, text)
    }

    /// A quoted `YYYY-MM-DDTHH:MM:SSZ`.
    public mutating func writeTimestamp(_ seconds: Int64) {
        if let last = lastTimestamp, last.seconds == seconds {
            raw(last.text)
            return
        }
        let start = count
        append(UInt8(ascii: "\""))
        appendTimestamp(seconds)
        append(UInt8(ascii: "\""))
        lastTimestamp = (seconds, buffer.array(from: start))
    }

    /// 64 `0`s: room for a digest's hex digits, filled in later (`overwriteHex`).
    mutating func writeHexRoom() {
        buffer.append(64) { $0.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "0")) }
    }

    /// A digest as 64 lowercase hex digits, unquoted.
    public mutating func writeHex(_ digest: Digest) {
        buffer.append(64) { digest.writeHex(into: $0) }
    }

    /// The same over 64 bytes written already, from `offset` on (a line's `prev`, filled in once
    /// the line before it is hashed).
    mutating func overwriteHex(at offset: Int, with digest: Digest) {
        buffer.overwrite(at: offset, 64) { digest.writeHex(into: $0) }
    }

    /// `YYYY-MM-DD`, unquoted. The one place a date's digits are laid out (`CalendarDate`
    /// formats through it too).
    mutating func appendDate(days: Int) {
        let (year, month, day) = CalendarDate.civil(days: days)
        appendDigits(year, 4)
        append(UInt8(ascii: "-"))
        appendDigits(month, 2)
        append(UInt8(ascii: "-"))
        appendDigits(day, 2)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, unquoted.
    mutating func appendTimestamp(_ seconds: Int64) {
        let days = Int((seconds - ((seconds % 86400) + 86400) % 86400) / 86400)
        let rest = Int(seconds - Int64(days) * 86400)
        appendDate(days: days)
        append(UInt8(ascii: "T"))
        appendDigits(rest / 3600, 2)
        append(UInt8(ascii: ":"))
        appendDigits(rest / 60 % 60, 2)
        append(UInt8(ascii: ":"))
        appendDigits(rest % 60, 2)
        append(UInt8(ascii: "Z"))
    }

    private mutating func appendDigits(_ value: Int, _ width: Int) {
        if width == 2 {  // months, days, hours, minutes, seconds: most of a line's digits
            append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10))
            append(UInt8(truncatingIfNeeded: 48 + value % 10))
            return
        }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        while divisor > 0 {
            append(UInt8(truncatingIfNeeded: 48 + value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }

    /// Appends ASCII text that needs no escaping (keys and punctuation of the envelope).
    @inline(__always) public mutating func raw(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
