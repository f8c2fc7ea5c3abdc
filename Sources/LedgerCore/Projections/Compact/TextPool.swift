#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Free text kept by the compact read model (creditor names, notes, payment references, the
/// fund's name): the canonical JSON string, quotes included, appended to one byte array — no
/// `String` per event. Canonical form has one spelling per value, so equal bytes are equal text.
struct TextPool: Sendable {
    private(set) var bytes: [UInt8] = []
    /// Interned texts (creditor names) by their ordinal, and an open-addressing table from a
    /// text's hash to its ordinal (-1 where empty): a debt registered interns its creditor on
    /// the replay's one sequential thread, where a `Dictionary` of arrays cost a twentieth.
    private(set) var internedTexts: [Text] = []
    private var slots = [Int32](repeating: -1, count: 64)

    /// A text in the pool.
    struct Text: Equatable, Sendable {
        var offset: Int32
        var count: Int32
    }

    /// Appends a quoted canonical string.
    mutating func add(_ quoted: UnsafeRawBufferPointer) -> Text {
        let text = Text(offset: Int32(bytes.count), count: Int32(quoted.count))
        bytes.append(contentsOf: quoted)
        return text
    }

    mutating func add(_ string: String) -> Text {
        Self.quoted(string).withUnsafeBytes { add($0) }
    }

    /// The ordinal of this text among the interned ones, the same each time the same bytes
    /// come: creditors are counted per name.
    mutating func intern(_ quoted: UnsafeRawBufferPointer) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(quoted)) & mask
        while slots[slot] >= 0 {
            if equals(internedTexts[Int(slots[slot])], quoted) { return Int(slots[slot]) }
            slot = (slot + 1) & mask
        }
        internedTexts.append(add(quoted))
        slots[slot] = Int32(internedTexts.count - 1)
        if internedTexts.count * 2 > slots.count { rehash() }
        return internedTexts.count - 1
    }

    /// Doubles the table, placing every interned text again.
    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (ordinal, text) in internedTexts.enumerated() {
            var slot = bytes.withUnsafeBytes { Int(truncatingIfNeeded: Self.hash(UnsafeRawBufferPointer(rebasing: $0[Int(text.offset)..<Int(text.offset + text.count)]))) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(ordinal)
        }
    }

    mutating func intern(_ string: String) -> Int {
        Self.quoted(string).withUnsafeBytes { intern($0) }
    }

    /// `string` as the log spells it: canonical JSON, quotes included.
    private static func quoted(_ string: String) -> [UInt8] {
        var writer = JSONWriter(capacity: string.utf8.count + 2)
        writer.write(string)
        return writer.bytes
    }

    func string(_ text: Text) -> String {
        bytes.withUnsafeBytes { all in
            let quoted = UnsafeRawBufferPointer(rebasing: all[Int(text.offset)..<Int(text.offset + text.count)])
            var reader = JSONReader(quoted, canonical: true)
            // The pool holds only strings that parsed (or that JSONWriter wrote).
            return (try? reader.parseString()) ?? ""
        }
    }

    private func equals(_ text: Text, _ quoted: UnsafeRawBufferPointer) -> Bool {
        guard Int(text.count) == quoted.count else { return false }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + Int(text.offset), quoted.baseAddress!, quoted.count) == 0 }
    }

    /// FNV-1a: a few short names, hashed once per debt registered.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
