/// The documented shapes of the ids in the log. Households, coaches and actors are pseudonyms:
/// the link to a person lives in the municipality's case system, never here.
public enum Pseudonym {
    /// `HH-` and 3 to 7 digits: `HH-007`.
    public static func isHousehold(_ id: String) -> Bool {
        guard id.hasPrefix("HH-") else { return false }
        return isDigits(id.utf8.dropFirst(3), 3...7)
    }

    /// `coach-` and 2 to 6 digits: `coach-03`.
    public static func isCoach(_ id: String) -> Bool {
        guard id.hasPrefix("coach-") else { return false }
        return isDigits(id.utf8.dropFirst(6), 2...6)
    }

    /// A role in lowercase letters, `-`, and 2 to 6 digits: `coach-03`, `program-01`, `auditor-02`.
    public static func isActor(_ id: String) -> Bool {
        // On the UTF-8 view, without splitting: every event of an import passes through here.
        let utf8 = id.utf8
        guard let dash = utf8.firstIndex(of: UInt8(ascii: "-")) else { return false }
        let name = utf8[..<dash]
        guard (1...20).contains(name.count), name.allSatisfy({ (97...122).contains($0) }) else { return false }
        return isDigits(utf8[utf8.index(after: dash)...], 2...6)
    }

    /// `<household>/D-<3+ digits>` (debts), `/O-` (offers), or `/P-<1+ digits>` (pauses), and the
    /// household part must be the event's own household.
    public static func isChild(_ id: String, of household: String, kind: ChildKind) -> Bool {
        // Compared piece by piece instead of building the prefix: every replayed line checks one.
        guard id.hasPrefix(household) else { return false }
        let rest = Substring(id.utf8.dropFirst(household.utf8.count))
        guard rest.hasPrefix(kind.marker) else { return false }
        return isDigits(rest.utf8.dropFirst(3), kind == .pause ? 1...6 : 3...6)
    }

    public enum ChildKind: String, Sendable {
        case debt = "D", offer = "O", pause = "P"
        /// What follows the household in the id: `/D-`.
        var marker: String {
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

    private static func isDigits(_ bytes: some Collection<UInt8>, _ count: ClosedRange<Int>) -> Bool {
        count.contains(bytes.count) && bytes.allSatisfy { (48...57).contains($0) }
    }

    public static let householdShape = "HH- and 3 to 7 digits, e.g. HH-007"
    public static let coachShape = "coach- and 2 to 6 digits, e.g. coach-03"
    public static let actorShape = "a role and 2 to 6 digits, e.g. coach-03 or program-01"
    public static let fundShape = "lowercase letters, digits and -, e.g. afkoopfonds"
}
