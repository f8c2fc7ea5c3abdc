/// Ids in the envelope (actor, household, idempotency key) are short pseudonymous tokens: printable
/// ASCII from a small alphabet, so they never need JSON escapes and never carry free text.
public enum Identifier {
    public static let maxLength = 128

    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard (1...maxLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { c in
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"):
                true
            default: false
            }
        }
    }

    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(UnsafeRawBufferPointer($0)) }
    }

    public static let alphabet = "letters, digits and - _ . : /"
}
