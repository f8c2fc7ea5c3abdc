/// HMAC-SHA256 (RFC 2104): keyed hashes for pseudonymised exports.
public struct HMACSHA256: Sendable {
    private let inner: [UInt8]
    private let outer: [UInt8]

    public init(key: [UInt8]) {
        var block = key.count > 64 ? SHA256.hash(key).bytes : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        inner = block.map { $0 ^ 0x36 }
        outer = block.map { $0 ^ 0x5c }
    }

    public func authenticate(_ message: [UInt8]) -> Digest {
        var hasher = SHA256.Hasher()
        hasher.update(inner)
        hasher.update(message)
        let innerHash = hasher.finalize()
        var outerHasher = SHA256.Hasher()
        outerHasher.update(outer)
        outerHasher.update(innerHash.bytes)
        return outerHasher.finalize()
    }
}
