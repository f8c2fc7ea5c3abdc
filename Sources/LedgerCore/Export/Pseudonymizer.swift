/// Replaces every household, debt, offer, pause, coach and actor id with a keyed hash, so that
/// exports made with one key join with each other but not back to the people behind the ids,
/// and exports made with another key do not join with them.
public struct Pseudonymizer: Sendable {
    private let hmac: HMACSHA256?

    /// No key: ids stay as they are.
    public init(key: String?) {
        hmac = key.map { HMACSHA256(key: Array($0.utf8)) }
    }

    public var isActive: Bool { hmac != nil }

    /// `HH-007` → `H-qkzvbt…` (14 letters), keeping the kind of id readable.
    public func id(_ value: String) -> String {
        guard let hmac else { return value }
        let prefix: String
        if value.contains("/D-") { prefix = "D" } else if value.contains("/O-") { prefix = "O" } else if value.contains("/P-") { prefix = "P" }
        else if value.hasPrefix("HH-") { prefix = "H" } else { prefix = "A" }
        return prefix + "-" + Pseudonymizer.letters(hmac.authenticate(Array(value.utf8)))
    }

    /// 64 bits of the hash as 14 lowercase letters. Letters only: a run of digits could look
    /// like a BSN or a phone number to the next privacy scan, and a letter pair with digits
    /// like an IBAN.
    static func letters(_ digest: Digest) -> String {
        var value = digest.words.0
        var out = ""
        for _ in 0..<14 {
            out.unicodeScalars.append(Unicode.Scalar(UInt8(97 + value % 26)))
            value /= 26
        }
        return out
    }

    public func id(_ value: String?) -> String? { value.map { id($0) } }

    /// A `data` object with every id inside it replaced (and references that are built from
    /// ids, such as idempotency keys and payment references).
    public func data(_ object: JSONObject) -> JSONObject {
        guard isActive else { return object }
        return JSONObject(object.members.map { member in
            switch (member.key, member.value) {
            case ("debt", .string(let v)), ("offer", .string(let v)), ("pause", .string(let v)), ("coach", .string(let v)), ("paymentRef", .string(let v)):
                return .init(member.key, .string(id(v)))
            case ("debts", .array(let values)):
                return .init(member.key, .array(values.map { if case .string(let v) = $0 { .string(id(v)) } else { $0 } }))
            default:
                return member
            }
        })
    }
}
