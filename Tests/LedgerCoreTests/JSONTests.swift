import LedgerTesting
import Testing
@testable import LedgerCore

struct JSONTests {
    func parse(_ text: String, canonical: Bool) throws -> JSONValue {
        try Array(text.utf8).withUnsafeBytes { try JSONReader.parse($0, canonical: canonical) }
    }

    func canonicalText(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"x"},"e":-42,"f":""}"#,
        #"{"note":"tab\there \"quoted\" back\\slash \u0001 é €  𝄞"}"#,
        #"[9223372036854775807,-9223372036854775808,0]"#,
        #"{}"#, #"[]"#, #""""#,
    ])
    func canonicalTextsRoundTripByteForByte(text: String) throws {
        #expect(canonicalText(try parse(text, canonical: true)) == text)
    }

    /// The writer looks for bytes to escape eight at a time: each one, wherever it sits in a
    /// string, must still come out escaped (and read back as itself).
    @Test func everyByteAStringMustEscapeIsEscapedWhereverItSits() throws {
        let plain = String(repeating: "x", count: 20)
        let short: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: "\\\"", 0x5C: "\\\\"]
        for byte in Array(UInt8(0x00)..<0x20) + [0x22, 0x5C] {
            let escape = short[byte] ?? "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            for offset in 0...17 {
                let (before, after) = (String(plain.prefix(offset)), "é" + String(plain.prefix(17 - offset)))
                let text = before + String(UnicodeScalar(byte)) + after
                let written = canonicalText(.string(text))
                #expect(written == "\"" + before + escape + after + "\"", "byte \(byte) at \(offset)")
                #expect(try parse(written, canonical: true) == .string(text), "byte \(byte) at \(offset)")
            }
        }
    }

    @Test func lenientInputBecomesCanonical() throws {
        let value = try parse(" { \"b\" : 2 ,\n \"a\" : \"\\u00e9\\/\\ud834\\udd1e\\u0041\" } ", canonical: false)
        #expect(canonicalText(value) == #"{"b":2,"a":"é/𝄞A"}"#)
    }

    /// An object's members are counted ahead of reading them (to size their array once): commas,
    /// brackets and quotes inside strings and nested values must not throw the count or the
    /// reading off, nor may an object that never ends.
    @Test func membersAreReadWhateverTheirStringsAndNestedValuesHold() throws {
        let text = #"{"a":"x,y}\"],{","b":[1,{"c":",]"},[2,3]],"d":{"e":"\\","f":"\\\""},"g":"","h":{}}"#
        guard case .object(let object) = try parse(text, canonical: false) else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["a", "b", "d", "g", "h"])
        #expect(object["a"] == .string("x,y}\"],{") && object["g"] == .string(""))
        #expect(canonicalText(.object(object)) == text)
        for unfinished in [#"{"a":1,"#, #"{"a":"\"#, #"{"a":[1,{"b":"#, #"{"a":"\\\"}"#] {
            #expect(throws: JSONSyntaxError.self, "\(unfinished)") { try parse(unfinished, canonical: false) }
        }
    }

    @Test(arguments: [
        ("{\"a\":1.5}", "not an integer"),
        ("{\"a\":1e3}", "not an integer"),
        ("{\"a\":01}", "leading zero"),
        ("{\"a\":1,\"a\":2}", "duplicate key \"a\""),
        ("{\"a\":99999999999999999999}", "out of range"),
        ("{\"a\":\"x}", "unterminated string"),
        ("{\"a\":\"\u{01}\"}", "control character"),
        ("{\"a\":tru}", "invalid literal"),
        ("{\"a\":1} x", "unexpected data"),
        ("{\"a\":\"\\ud834\"}", "unpaired surrogate"),
        ("{\"a\":\"\\x\"}", "invalid escape"),
    ])
    func lenientRejections(text: String, reason: String) {
        #expect { try parse(text, canonical: false) } throws: { "\($0)".contains(reason) }
    }

    @Test(arguments: [
        ("{ \"a\":1}", "expected a string"),
        ("{\"a\":\"\\/\"}", "not canonical"),
        ("{\"a\":\"\\u0041\"}", "not canonical"),
        ("{\"a\":\"\\u000A\"}", "invalid \\u escape"),
        ("{\"a\":-0}", "-0 is not canonical"),
    ])
    func canonicalRejectsOtherSpellings(text: String, reason: String) {
        #expect { try parse(text, canonical: true) } throws: { "\($0)".contains(reason) }
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: JSONSyntaxError.self) { try bytes.withUnsafeBytes { try JSONReader.parse($0, canonical: false) } }
    }

    /// Strings are scanned eight bytes at a time, jumping to the first byte that needs a look:
    /// each such byte at every position of a word (and after a second one in the same word)
    /// reads as it does byte by byte.
    @Test func everySpecialByteIsFoundWhereverItSitsInAWord() throws {
        for offset in 0..<17 {
            let plain = String(repeating: "x", count: offset)
            let text = try parse("[\"\(plain)\"]", canonical: true)
            #expect(text == .array([.string(plain)]), "closing quote after \(offset) bytes")
            let escaped = try parse("[\"\(plain)\\n\\\"y\"]", canonical: true)
            #expect(escaped == .array([.string(plain + "\n\"y")]), "escapes after \(offset) bytes")
            let accented = try parse("[\"\(plain)é€y\"]", canonical: true)
            #expect(accented == .array([.string(plain + "é€y")]), "UTF-8 after \(offset) bytes")
            for bad: [UInt8] in [[0x01], [0x1F], [0xC3, 0x28], [0xFF]] {
                let bytes = Array("[\"\(plain)".utf8) + bad + Array("y\"]".utf8)
                #expect(throws: JSONSyntaxError.self, "\(bad) after \(offset) bytes") {
                    try bytes.withUnsafeBytes { try JSONReader.parse($0, canonical: true) }
                }
            }
        }
    }

    @Test func nestingIsBounded() throws {
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        _ = try parse(ok, canonical: true)
        let deep = "[" + ok + "]"
        #expect { try parse(deep, canonical: true) } throws: { "\($0)".contains("nested deeper") }
    }

    @Test func skipValueValidatesLikeParse() throws {
        for text in [#"{"a":[1,{"b":null}],"c":"d"}"#, #"{"a":1,"a":2}"#, #"{"a":1.0}"#] {
            let parsed = Result { try parse(text, canonical: true) }
            let skipped = Result {
                try Array(text.utf8).withUnsafeBytes { bytes in
                    var reader = JSONReader(bytes, canonical: true)
                    try reader.skipValue()
                    return reader.position
                }
            }
            #expect((try? parsed.get()) != nil ? (try? skipped.get()) == text.utf8.count : (try? skipped.get()) == nil, "\(text)")
        }
    }
}
