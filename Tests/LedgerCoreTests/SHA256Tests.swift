import LedgerTesting
import Testing
@testable import LedgerCore

/// FIPS 180-4 / NIST CAVS examples, checked on the SHA-NI path (when the CPU has it) and on the
/// portable path, so a machine without SHA-NI runs code that was tested too.
struct SHA256Tests {
    static let vectors: [(message: [UInt8], digest: String)] = [
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8),
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ([UInt8](repeating: 0x61, count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ([0xbd], "68325720aabd7c82f30f554b313d0570c95accbb7dc4b5aae11204c08ffe732b"),
        ([0xc9, 0x8c, 0x8e, 0x55], "7abc22c0ae5af26ce93dbb94433a0e0b2e119d014f8e7f65bd56c61ccccd9504"),
    ]

    @Test(arguments: [false, true])
    func nistVectors(portable: Bool) {
        for (message, digest) in Self.vectors {
            #expect(SHA256.hash(message, portable: portable).hex == digest)
        }
    }

    @Test func incrementalEqualsOneShotAtEverySplit() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = SHA256.hash(message, portable: true)
        for split in 0...message.count {
            for portable in [false, true] {
                var hasher = SHA256.Hasher(portable: portable)
                hasher.update(Array(message[..<split]))
                hasher.update(Array(message[split...]))
                #expect(hasher.finalize() == expected, "split \(split) portable \(portable)")
            }
        }
    }

    @Test func leafAndNodeHashesPrefixTheirDomainByte() {
        let line = Array("{\"seq\":1}".utf8)
        #expect(SHA256.leaf(line) == SHA256.hash([0x00] + line))
        let a = SHA256.hash(Array("a".utf8)), b = SHA256.hash(Array("b".utf8))
        #expect(SHA256.node(a, b) == SHA256.hash([0x01] + a.bytes + b.bytes))
        #expect(SHA256.node(a, b) != SHA256.node(b, a))
    }

    @Test func nodePairsHashAsTheirMembersDoAlone() {
        let d = (0..<4).map { SHA256.hash([UInt8($0)]) }
        let (left, right) = SHA256.nodes((d[0], d[1]), (d[2], d[3]))
        #expect(left == SHA256.node(d[0], d[1]) && right == SHA256.node(d[2], d[3]))
    }

    /// Many lines hashed at once give what each gives alone, whichever way this CPU has: lines
    /// of every length around the block and padding boundaries (so that lanes finish and take
    /// new lines at different steps, and of a pair one runs on alone), long ones (around the
    /// 2,048 bytes past which a pair is hashed one after the other), and lines left out (their
    /// digests untouched).
    @Test(arguments: SHA256.Way.allCases)
    func manyLeavesHashAsEachDoesAlone(way: SHA256.Way) throws {
        let message = (0..<5010).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        let lengths = Array(0...260) + [1000, 2030, 2038, 2039, 2040, 2047, 2048, 4999]
        let skipped = Set(stride(from: 3, to: lengths.count, by: 11))
        let marker = SHA256.hash(Array("untouched".utf8))
        var digests = [Digest](repeating: marker, count: lengths.count)
        let hashed = message.withUnsafeBytes { bytes in
            digests.withUnsafeMutableBufferPointer { digests in
                SHA256.leaves(lengths.count, into: digests.baseAddress!, way: way) { index in
                    if skipped.contains(index) { return nil }
                    if lengths[index] == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }  // an empty line, no address
                    return UnsafeRawBufferPointer(rebasing: bytes[(index % 7)..<(index % 7 + lengths[index])])
                }
            }
        }
        try #require(hashed || way != .oneByOne, "one by one works everywhere")
        guard hashed else { return }  // this CPU has no SHA-NI or no AVX-512
        for (index, length) in lengths.enumerated() {
            let expected = skipped.contains(index) ? marker : SHA256.hash([0x00] + message[(index % 7)..<(index % 7 + length)], portable: true)
            #expect(digests[index] == expected, "line \(index), \(length) bytes")
        }
    }

    /// A leaf hash begun on the first bytes of a line and finished once the rest is written
    /// (as a batch's lines are hashed up to their `prev`, then chained) equals the line's leaf
    /// hash: at splits around the block boundaries, begun one at a time and many at once in
    /// each way this CPU has, the bytes after the split written only in between.
    @Test(arguments: SHA256.Way.allCases)
    func aLeafBegunOnTheKnownBytesFinishesAsTheWholeLinesHash(way: SHA256.Way) throws {
        let final = (0..<400).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var splits: [(start: Int, length: Int, known: Int)] = []
        var text: [UInt8] = []  // every line one after the other, its unknown bytes zeros for now
        for length in [0, 1, 62, 63, 64, 65, 126, 127, 128, 190, 191, 192, 300, 400] {
            for known in Set([0, 1, 62, 63, 64, 126, 127, 128, length / 2, length]).sorted() where known <= length {
                splits.append((text.count, length, known))
                text += final[..<known] + [UInt8](repeating: 0, count: length - known)
            }
        }
        let (alone, many) = text.withUnsafeBytes { text in
            let known = { (index: Int) in UnsafeRawBufferPointer(rebasing: text[splits[index].start..<(splits[index].start + splits[index].known)]) }
            return (splits.indices.map { SHA256.PartialLeaf(known($0)) }, SHA256.PartialLeaf.many(splits.count, way: way, known))
        }
        try #require(many != nil || way != .oneByOne, "one by one works everywhere")
        for split in splits { text.replaceSubrange(split.start..<(split.start + split.length), with: final[..<split.length]) }
        text.withUnsafeBytes { text in
            for (index, split) in splits.enumerated() {
                let line = UnsafeRawBufferPointer(rebasing: text[split.start..<(split.start + split.length)])
                let expected = SHA256.hash([0x00] + final[..<split.length], portable: true)
                #expect(alone[index].finish(line) == expected, "\(split.length) bytes, \(split.known) known, begun alone")
                if let many { #expect(many[index].finish(line) == expected, "\(split.length) bytes, \(split.known) known, begun \(way)") }
            }
        }
    }

    @Test func digestHexRoundTrip() {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(Digest(hex: digest.hex) == digest)
        #expect(Digest(hex: String(repeating: "0", count: 64)) == .zero)
        #expect(Digest(hex: String(digest.hex.dropLast())) == nil)
        #expect(Digest(hex: digest.hex.uppercased()) == nil)
    }

    /// Hex is spelled four bytes at a time: every byte value, at every place in the digest,
    /// must come out as its two digits.
    @Test func everyByteIsSpelledAsItsTwoDigitsWhereverItSits() {
        for start in stride(from: 0, to: 256, by: 32) {
            let bytes = (0..<32).map { UInt8((start + $0 * 7) % 256) }
            let digest = bytes.withUnsafeBytes { Digest(bytes: $0) }
            let expected = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            #expect(digest.hex == expected, "bytes from \(start)")
        }
    }
}
