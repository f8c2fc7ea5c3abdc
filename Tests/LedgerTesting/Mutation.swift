import LedgerCore

/// The fuzzers' damage to bytes (FuzzTests, DecodedLineTests): one to four edits, each a random
/// byte, a byte dropped, a byte that means something in JSON put in, a run cut out, a run
/// copied elsewhere, or a bit flipped. Seeded, so a failure reproduces.
public enum Mutation {
    /// `bytes` after the edits; a run cut or copied is at most `longest` bytes.
    public static func apply(to bytes: [UInt8], _ r: inout SplitMix64, longest: Int) -> [UInt8] {
        var out = bytes
        for _ in 0..<r.int(1...4) {
            guard !out.isEmpty else { break }
            let at = r.int(0...(out.count - 1))
            switch r.int(0...5) {
            case 0: out[at] = UInt8(truncatingIfNeeded: r.next())
            case 1: out.remove(at: at)
            case 2: out.insert(r.pick([0x0A, 0x22, 0x5C, 0x7B, 0x7D, 0x00, 0xFF, 0x2C, 0x30, 0x39]), at: at)
            case 3: out.removeSubrange(at..<min(out.count, at + r.int(1...longest)))
            case 4:
                let from = r.int(0...(out.count - 1))
                out.insert(contentsOf: out[from..<min(out.count, from + r.int(1...longest))], at: at)
            default: out[at] = out[at] ^ (1 << UInt8(r.int(0...7)))
            }
        }
        return out
    }
}
