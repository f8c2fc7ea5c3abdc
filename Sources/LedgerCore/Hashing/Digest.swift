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
        withUnsafeBytes(of: words) { raw in
            String(unsafeUninitializedCapacity: 64) { out in
                let digits = Array("0123456789abcdef".utf8)
                for (i, byte) in raw.enumerated() {
                    out[2 * i] = digits[Int(byte >> 4)]
                    out[2 * i + 1] = digits[Int(byte & 0xF)]
                }
                return 64
            }
        }
    }

    public var description: String { hex }

    /// Parses exactly 64 lowercase hex digits; nil otherwise.
    public init?(hex bytes: some Collection<UInt8>) {
        guard bytes.count == 64 else { return nil }
        var raw = [UInt8](repeating: 0, count: 32)
        var index = bytes.startIndex
        for i in 0..<32 {
            guard let high = Digest.nibble(bytes[index]) else { return nil }
            index = bytes.index(after: index)
            guard let low = Digest.nibble(bytes[index]) else { return nil }
            index = bytes.index(after: index)
            raw[i] = high << 4 | low
        }
        self = raw.withUnsafeBytes { Digest(bytes: $0) }
    }

    public init?(hex string: String) { self.init(hex: Array(string.utf8)) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
