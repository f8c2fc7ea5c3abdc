import CSHA256

/// A SHA-256 digest. Stored as four words so that it is a cheap value (no heap allocation).
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    public var words: (UInt64, UInt64, UInt64, UInt64)

    public static let zero = Digest(words: (0, 0, 0, 0))

    public init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32)
        words = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    public static func == (a: Digest, b: Digest) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }

    /// Lowercase hex, as `prev` and `verify` show it.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            writeHex(into: UnsafeMutableRawBufferPointer(out))
            return 64
        }
    }

    /// Writes the 64 lowercase hex digits at the start of `out`: the one place they are spelled.
    /// Four bytes at a time (SWAR): each byte's nibbles spread into a byte each, in the order they
    /// are written, and turned into digits all at once — a line's `prev` is spelled on the thread
    /// that chains a batch, once per event.
    func writeHex(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 64)
        withUnsafeBytes(of: words) { raw in
            for quarter in 0..<8 {
                var x = UInt64(raw.loadUnaligned(fromByteOffset: 4 * quarter, as: UInt32.self))
                x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
                x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF  // byte k of the four now in byte 2k
                let low: UInt64 = 0x000F_000F_000F_000F
                let nibbles = ((x >> 4) & low) | ((x & low) << 8)  // high nibble first
                // 0–9 → '0'–'9', 10–15 → 'a'–'f': 0x27 more where the nibble is 10 or more.
                let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
                let text = nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
                out.storeBytes(of: text.littleEndian, toByteOffset: 8 * quarter, as: UInt64.self)
            }
        }
    }

    public var description: String { hex }

    /// Parses exactly 64 lowercase hex digits; nil otherwise. Runs once per line on replay, so
    /// it fills the words in place instead of building an array.
    public init?(hex bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var invalid: UInt8 = 0
        withUnsafeMutableBytes(of: &words) { out in
            let input = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let output = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for i in 0..<32 {
                let (high, badHigh) = Digest.nibble(input[2 * i])
                let (low, badLow) = Digest.nibble(input[2 * i + 1])
                invalid |= badHigh | badLow
                output[i] = high << 4 | low
            }
        }
        guard invalid == 0 else { return nil }
        self.words = words
    }

    public init?(hex string: String) {
        var string = string
        guard let digest = string.withUTF8({ Digest(hex: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = digest
    }

    /// The value of a lowercase hex digit, and 1 in the second place when it is not one.
    @inline(__always)
    private static func nibble(_ c: UInt8) -> (UInt8, UInt8) {
        let digit = c &- 48, letter = c &- 97
        if digit < 10 { return (digit, 0) }
        if letter < 6 { return (letter &+ 10, 0) }
        return (0, 1)
    }
}
