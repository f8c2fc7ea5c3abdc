import CSHA256

/// SHA-256 and the two RFC 6962 hashes built on it. One leaf hash per event serves both the
/// `prev` chain and the Merkle tree.
public enum SHA256 {
    /// Whether this process hashes with the CPU's SHA extensions.
    public static var usesSHAExtensions: Bool { csha256_has_shani() != 0 }

    public static func hash(_ bytes: UnsafeRawBufferPointer, portable: Bool = false) -> Digest {
        var ctx = csha256_ctx()
        if portable { csha256_init_portable(&ctx) } else { csha256_init(&ctx) }
        csha256_update(&ctx, bytes.baseAddress, bytes.count)
        return finish(&ctx)
    }

    public static func hash(_ bytes: [UInt8], portable: Bool = false) -> Digest {
        bytes.withUnsafeBytes { hash($0, portable: portable) }
    }

    /// RFC 6962 leaf hash, SHA-256(0x00 ‖ line): the hash of an event.
    public static func leaf(_ line: UnsafeRawBufferPointer) -> Digest {
        var out = Digest.zero
        withUnsafeMutableBytes(of: &out.words) { digest in
            csha256_leaf(line.baseAddress, line.count, digest.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return out
    }

    public static func leaf(_ line: [UInt8]) -> Digest {
        line.withUnsafeBytes { leaf($0) }
    }

    /// A leaf hash begun before the end of its line is known: the whole blocks before it
    /// hashed, the rest left for `finish` (`csha256_leaf_begin`).
    public struct PartialLeaf: Sendable {
        fileprivate var part = csha256_leaf_part()

        /// Begins the leaf hash of a line whose first bytes are `known`.
        public init(_ known: UnsafeRawBufferPointer) {
            csha256_leaf_begin(known.baseAddress, known.count, &part)
        }

        /// Begins the leaf hashes of `count` lines at once, `known(i)` the known bytes of line i:
        /// the way `leaves` hashes (sixteen side by side, where that is fastest), or `way` (nil
        /// when this CPU cannot hash that way).
        public static func many(_ count: Int, way: Way? = nil, _ known: (Int) -> UnsafeRawBufferPointer) -> [PartialLeaf]? {
            withLines(count, known) { lines in
                var done = true
                let parts = [PartialLeaf](unsafeUninitializedCapacity: count) { parts, made in
                    parts.withMemoryRebound(to: csha256_leaf_part.self) { parts in
                        if let way {
                            done = csha256_leaf_begin_many_using(way.rawValue, lines, count, parts.baseAddress) != 0
                        } else {
                            csha256_leaf_begin_many(lines, count, parts.baseAddress)
                        }
                    }
                    made = done ? count : 0
                }
                return done ? parts : nil
            }
        }

        /// The leaf hash of `line`, whose first bytes are still those this was begun with.
        public func finish(_ line: UnsafeRawBufferPointer) -> Digest {
            var out = Digest.zero
            withUnsafeMutableBytes(of: &out.words) { digest in
                withUnsafePointer(to: part) { part in
                    csha256_leaf_finish(part, line.baseAddress, line.count, digest.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            return out
        }
    }

    /// The ways `leaves(_:into:way:_:)` can hash many lines (`csha256.h`).
    public enum Way: Int32, CaseIterable, Sendable {
        case oneByOne = 0, pairs = 1, sixteen = 2
    }

    /// The leaf hashes of `count` lines at once, `digests[i]` that of `line(i)` (left as it is
    /// where that is nil): the CPU's fastest way — sixteen side by side in AVX-512 registers, or
    /// two at a time with SHA-NI — or `way`. False when this CPU cannot hash `way`.
    @discardableResult
    public static func leaves(
        _ count: Int, into digests: UnsafeMutablePointer<Digest>, way: Way? = nil, _ line: (Int) -> UnsafeRawBufferPointer?
    ) -> Bool {
        withLines(count, line) { lines in
            let out = UnsafeMutableRawPointer(digests).assumingMemoryBound(to: UInt8.self)
            let stride = MemoryLayout<Digest>.stride
            guard let way else {
                csha256_leaves(lines, count, out, stride)
                return true
            }
            return csha256_leaves_using(way.rawValue, lines, count, out, stride) != 0
        }
    }

    /// The lines `line(i)` as the C hashers take them, for `body`: NULL for a line left out (nil),
    /// and an address for an empty line that has none (any does, since none of its bytes is read).
    private static func withLines<R>(
        _ count: Int, _ line: (Int) -> UnsafeRawBufferPointer?, _ body: (UnsafePointer<csha256_line>?) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: csha256_line.self, capacity: count) { lines in
            for index in 0..<count {
                let bytes = line(index)
                lines[index] = csha256_line(bytes: bytes.map { $0.baseAddress ?? UnsafeRawPointer(lines.baseAddress!) }, length: bytes?.count ?? 0)
            }
            return body(UnsafePointer(lines.baseAddress))
        }
    }

    /// Two interior node hashes at once: with SHA-NI their rounds interleave, ~1.5× the speed of
    /// two calls to `node`.
    public static func nodes(_ a: (left: Digest, right: Digest), _ b: (left: Digest, right: Digest)) -> (Digest, Digest) {
        var out = (Digest.zero, Digest.zero)
        withUnsafeBytes(of: a) { a in
            withUnsafeBytes(of: b) { b in
                withUnsafeMutableBytes(of: &out) { digests in
                    let base = digests.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    csha256_node_pair(a.baseAddress!.assumingMemoryBound(to: UInt8.self), b.baseAddress!.assumingMemoryBound(to: UInt8.self), base, base + 32)
                }
            }
        }
        return out
    }

    /// RFC 6962 interior node hash, SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var out = Digest.zero
        withUnsafeBytes(of: left.words) { l in
            withUnsafeBytes(of: right.words) { r in
                withUnsafeMutableBytes(of: &out.words) { digest in
                    csha256_node(
                        l.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        r.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        digest.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        return out
    }

    /// Incremental hashing, for inputs that arrive in pieces.
    public struct Hasher {
        private var ctx = csha256_ctx()

        public init(portable: Bool = false) {
            if portable { csha256_init_portable(&ctx) } else { csha256_init(&ctx) }
        }

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            csha256_update(&ctx, bytes.baseAddress, bytes.count)
        }

        public mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        public mutating func finalize() -> Digest { SHA256.finish(&ctx) }
    }

    fileprivate static func finish(_ ctx: inout csha256_ctx) -> Digest {
        var out = Digest.zero
        withUnsafeMutableBytes(of: &out.words) { digest in
            csha256_final(&ctx, digest.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return out
    }
}
