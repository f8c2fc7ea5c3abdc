/// The documented shapes of the ids in the log. Households, coaches and actors are pseudonyms:
/// the link to a person lives in the municipality's case system, never here.
public enum Pseudonym {
    // Every event of an import and every replayed line passes through these: they work on the
    // string's UTF-8 bytes in place (the generic UTF8View walks cost a tenth of an import's reading).
    // A household id (`HH-` and 3 to 7 digits) is checked by `PseudonymKey.household`, which
    // gives the number the rules key households by in the same pass.

    /// `coach-` and 2 to 6 digits: `coach-03`.
    public static func isCoach(_ id: String) -> Bool {
        utf8(id) { isDigits($0, after: "coach-", 2...6) }
    }

    /// A role in lowercase letters, `-`, and 2 to 6 digits: `coach-03`, `program-01`, `auditor-02`.
    public static func isActor(_ id: String) -> Bool {
        utf8(id) { bytes in
            guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")), (1...20).contains(dash),
                  bytes[..<dash].allSatisfy({ (97...122).contains($0) }) else { return false }
            return isDigits(UnsafeBufferPointer(rebasing: bytes[(dash + 1)...]), 2...6)
        }
    }

    /// `<household>/D-<3+ digits>` (debts), `/O-` (offers), or `/P-<1+ digits>` (pauses), and the
    /// household part must be the event's own household.
    public static func isChild(_ id: String, of household: String, kind: ChildKind) -> Bool {
        utf8(id) { bytes in
            utf8(household) { household in
                guard bytes.starts(with: household) else { return false }
                return isDigits(UnsafeBufferPointer(rebasing: bytes[household.count...]), after: kind.marker, kind == .pause ? 1...6 : 3...6)
            }
        }
    }

    public enum ChildKind: String, Sendable {
        case debt = "D", offer = "O", pause = "P"
        /// What follows the household in the id: `/D-`.
        var marker: StaticString {
            switch self {
            case .debt: "/D-"
            case .offer: "/O-"
            case .pause: "/P-"
            }
        }
        func example(_ household: String) -> String { household + (self == .pause ? "/P-1" : "/\(rawValue)-012") }
    }

    /// A fund: lowercase letters, digits and `-`, starting with a letter: `afkoopfonds`.
    public static func isFund(_ id: String) -> Bool {
        guard let first = id.utf8.first, (97...122).contains(first), (2...40).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
    }

    private static func utf8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var string = string
        return string.withUTF8(body)
    }

    /// Whether `bytes` are `prefix` and then `count` digits.
    private static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>, after prefix: StaticString, _ count: ClosedRange<Int>) -> Bool {
        let marker = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return bytes.starts(with: marker) && isDigits(UnsafeBufferPointer(rebasing: bytes[marker.count...]), count)
    }

    private static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ count: ClosedRange<Int>) -> Bool {
        count.contains(bytes.count) && bytes.allSatisfy { (48...57).contains($0) }
    }

    public static let householdShape = "HH- and 3 to 7 digits, e.g. HH-007"
    public static let coachShape = "coach- and 2 to 6 digits, e.g. coach-03"
    public static let actorShape = "a role and 2 to 6 digits, e.g. coach-03 or program-01"
    public static let fundShape = "lowercase letters, digits and -, e.g. afkoopfonds"
}
