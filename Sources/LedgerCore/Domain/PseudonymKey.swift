#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudonym as a number: the compact read model keys households, debts, offers, pauses and
/// coaches by these instead of by strings. Every such id is a fixed prefix and a run of digits
/// (events/README.md, Ids), so the digits' value and count give the id back exactly — `D-012`
/// and `D-0012` are different ids with different keys.
enum PseudonymKey {
    /// `HH-` and 3 to 7 digits.
    static func household(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count > 3, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "H"), bytes[2] == UInt8(ascii: "-") else { return nil }
        return digits(bytes, from: 3, 3...7)
    }

    /// `coach-` and 2 to 6 digits.
    static func coach(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let prefix: StaticString = "coach-"
        guard bytes.count > prefix.utf8CodeUnitCount,
              memcmp(bytes.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0 else { return nil }
        return digits(bytes, from: prefix.utf8CodeUnitCount, 2...6)
    }

    /// `<household>/D-` (or `/O-`, `/P-`) and digits, of the household whose id is `household`
    /// and whose key is `householdKey`.
    static func child(_ bytes: UnsafeRawBufferPointer, of household: UnsafeRawBufferPointer, householdKey: Int64,
                      kind: Pseudonym.ChildKind) -> Int64? {
        let h = household.count
        guard bytes.count > h + 3, memcmp(bytes.baseAddress!, household.baseAddress!, h) == 0,
              bytes[h] == UInt8(ascii: "/"), bytes[h + 1] == kind.letter, bytes[h + 2] == UInt8(ascii: "-"),
              let number = digits(bytes, from: h + 3, kind == .pause ? 1...6 : 3...6) else { return nil }
        return householdKey << 27 | number
    }

    /// Whether `key` is one `household(_:)` gives (a key read back from a file).
    static func isHousehold(_ key: Int64) -> Bool {
        let width = key >> 24, value = key & (1 << 24 - 1)
        guard (3...7).contains(width) else { return false }
        return value < (0..<width).reduce(Int64(1)) { power, _ in power * 10 }
    }

    /// The household a child key belongs to.
    static func household(ofChild key: Int64) -> Int64 { key >> 27 }

    static func householdID(_ key: Int64) -> String { "HH-" + text(key) }
    static func coachID(_ key: Int64) -> String { "coach-" + text(key) }
    static func childID(_ key: Int64, kind: Pseudonym.ChildKind) -> String {
        householdID(household(ofChild: key)) + "/" + kind.rawValue + "-" + text(key & (1 << 27 - 1))
    }

    /// The key of an id as a string: for projections read back from checkpoint files.
    static func household(_ id: String) -> Int64? { withBytes(id) { household($0) } }
    static func coach(_ id: String) -> Int64? { withBytes(id) { coach($0) } }
    static func child(_ id: String, kind: Pseudonym.ChildKind) -> Int64? {
        guard let slash = id.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let household = String(id[..<slash])
        guard let householdKey = Self.household(household) else { return nil }
        return withBytes(id) { id in withBytes(household) { child(id, of: $0, householdKey: householdKey, kind: kind) } }
    }

    /// Digit count in bits 24–26, the value below (at most 7 digits): 27 bits; a child's key
    /// is its household's key and its own 27 bits.
    private static func digits(_ bytes: UnsafeRawBufferPointer, from start: Int, _ count: ClosedRange<Int>) -> Int64? {
        let n = bytes.count - start
        guard count.contains(n) else { return nil }
        var value: Int64 = 0
        for i in start..<bytes.count {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int64(d)
        }
        return Int64(n) << 24 | value
    }

    private static func text(_ key: Int64) -> String {
        let width = Int(key >> 24 & 7), value = key & (1 << 24 - 1)
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.utf8.count)) + digits
    }

    private static func withBytes<T>(_ id: String, _ body: (UnsafeRawBufferPointer) -> T?) -> T? {
        var id = id
        return id.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension Pseudonym.ChildKind {
    var letter: UInt8 { rawValue.utf8.first! }
}
