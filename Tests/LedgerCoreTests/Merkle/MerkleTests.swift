import LedgerTesting
import Testing
@testable import LedgerCore

/// RFC 6962 Merkle trees: the reference vectors (transparency-dev/merkle's testonly constants,
/// the proofs of Certificate Transparency's tests), randomised trees against a naive
/// implementation written from the RFC, and tampering.
struct MerkleTests {
    static let leafInputs: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(bytes)
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// (index, size, path)
    static let inclusion: [(Int, Int, [String])] = [
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (0, 1, []),
    ]
    /// (old, new, proof)
    static let consistency: [(Int, Int, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    static var leaves: [Digest] { leafInputs.map { SHA256.leaf($0) } }

    /// MTH written straight from RFC 6962 2.1, recursively, for comparison.
    static func naive(_ leaves: ArraySlice<Digest>) -> Digest {
        if leaves.isEmpty { return SHA256.hash([]) }
        if leaves.count == 1 { return leaves.first! }
        let k = 1 << (Int.bitWidth - (leaves.count - 1).leadingZeroBitCount - 1)
        return SHA256.node(naive(leaves.prefix(k)), naive(leaves.dropFirst(k)))
    }

    @Test func rootsOfTheReferenceTrees() {
        for size in 0...8 {
            var streaming = MerkleRoot()
            for leaf in Self.leaves.prefix(size) { streaming.append(leaf) }
            #expect(streaming.root.hex == Self.roots[size], "size \(size)")
            if size > 0 { #expect(MerkleTree(leaves: Array(Self.leaves.prefix(size))).root.hex == Self.roots[size]) }
        }
    }

    @Test func referenceInclusionProofs() {
        let tree = MerkleTree(leaves: Self.leaves)
        for (index, size, path) in Self.inclusion {
            #expect(tree.inclusionProof(index: index, size: size).map(\.hex) == path, "\(index) in \(size)")
            #expect(MerkleProof.verifyInclusion(leaf: Self.leaves[index], index: Int64(index), size: Int64(size), proof: path.map { Digest(hex: $0)! }, root: Digest(hex: Self.roots[size])!))
        }
    }

    @Test func referenceConsistencyProofs() {
        let tree = MerkleTree(leaves: Self.leaves)
        for (old, new, proof) in Self.consistency {
            #expect(tree.consistencyProof(old: old, new: new).map(\.hex) == proof, "\(old) to \(new)")
            #expect(MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: Digest(hex: Self.roots[old])!, newSize: Int64(new),
                                                  newRoot: Digest(hex: Self.roots[new])!, proof: proof.map { Digest(hex: $0)! }))
        }
    }

    /// Every leaf of every tree up to 70 leaves, every pair of sizes; and each proof broken in
    /// each way fails.
    @Test func randomisedTrees() {
        var random = SplitMix64(seed: 6962)
        let leaves = (0..<70).map { _ in SHA256.hash((0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        let tree = MerkleTree(leaves: leaves)
        var roots = [SHA256.hash([])]
        var streaming = MerkleRoot()
        for leaf in leaves {
            streaming.append(leaf)
            roots.append(streaming.root)
        }
        for size in 1...leaves.count {
            #expect(roots[size] == Self.naive(leaves.prefix(size)[...]), "root of \(size)")
            #expect(tree.hash(0, size) == roots[size])
            for index in 0..<size {
                let proof = tree.inclusionProof(index: index, size: size)
                #expect(MerkleProof.verifyInclusion(leaf: leaves[index], index: Int64(index), size: Int64(size), proof: proof, root: roots[size]))
                #expect(!MerkleProof.verifyInclusion(leaf: leaves[(index + 1) % leaves.count], index: Int64(index), size: Int64(size), proof: proof, root: roots[size]))
                if size > 1 {
                    #expect(!MerkleProof.verifyInclusion(leaf: leaves[index], index: Int64((index + 1) % size), size: Int64(size), proof: proof, root: roots[size]))
                    var changed = proof
                    changed[index % changed.count] = SHA256.hash([1])
                    #expect(!MerkleProof.verifyInclusion(leaf: leaves[index], index: Int64(index), size: Int64(size), proof: changed, root: roots[size]))
                }
            }
            for old in 1...size {
                let proof = tree.consistencyProof(old: old, new: size)
                #expect(MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: roots[old], newSize: Int64(size), newRoot: roots[size], proof: proof), "\(old) to \(size)")
                if old < size {
                    #expect(!MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: SHA256.hash([2]), newSize: Int64(size), newRoot: roots[size], proof: proof))
                    #expect(!MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: roots[old], newSize: Int64(size), newRoot: roots[size - 1], proof: proof))
                    var changed = proof
                    changed[old % changed.count] = SHA256.hash([3])
                    #expect(!MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: roots[old], newSize: Int64(size), newRoot: roots[size], proof: changed))
                }
            }
        }
    }

    /// Workers hash parts of the log as aligned subtrees; joined in order they must give the
    /// same tree as the leaves one by one, wherever the parts are cut.
    @Test func subtreesOfPartsJoinIntoTheSameTree() {
        var random = SplitMix64(seed: 9162)
        let leaves = (0..<300).map { _ in SHA256.hash((0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        for _ in 0..<60 {
            var cuts = (0..<Int(random.next() % 6)).map { _ in Int(random.next() % UInt64(leaves.count)) }
            cuts = Array(Set(cuts + [0, leaves.count])).sorted()
            var joined = MerkleRoot()
            for (start, end) in zip(cuts, cuts.dropFirst()) {
                let parts = MerkleRoot.subtrees(startingAt: Int64(start), count: end - start) { leaves[start + $0] }
                #expect(parts.reduce(0) { $0 + (1 << $1.height) } == end - start)
                for part in parts { joined.append(part) }
            }
            #expect(joined.size == Int64(leaves.count))
            #expect(joined.root == Self.naive(leaves[...]), "cuts \(cuts)")
        }
    }

    @Test func textFormatsRoundTrip() throws {
        let head = TreeHead(origin: "ledger/0123456789abcdef", size: 1749, root: SHA256.hash([9]))
        #expect(head.text.hasSuffix("\n\n") && head.text.split(separator: "\n").count == 3)
        #expect(try TreeHead(text: head.text) == head)
        let proof = ProofText(kind: .consistency(old: 12), size: 1749, hashes: [SHA256.hash([1]), SHA256.hash([2])])
        #expect(try ProofText(text: proof.text) == proof)
        #expect(throws: InputError.self) { try TreeHead(text: "ledger/x\n12\nnot base64\n\n") }
        #expect(throws: InputError.self) { try ProofText(text: "ledger inclusion proof\nseq x\nsize 3\n") }
    }

    /// The demo log: `verify`'s root equals the naive computation over its lines, and the proof
    /// of every seq, and the consistency proof from every earlier size, checks.
    @Test func theDemoLogProvesEveryEvent() throws {
        let store = LogStore(path: LedgerProcess.root + "/events/immerloo.jsonl")
        let (verification, collector) = try store.verify(folding: LeafCollector())
        let lines = Fixtures.lines(Fixtures.read(store.path))
        let independent = Self.naive(lines.map { SHA256.hash([0] + $0) }[...])
        #expect(verification.root == independent)
        let tree = MerkleTree(leaves: collector.leaves)
        let size = tree.size
        #expect(size == lines.count)
        for index in 0..<size {
            let proof = ProofText(kind: .inclusion(seq: Int64(index + 1)), size: Int64(size), hashes: tree.inclusionProof(index: index, size: size))
            let read = try ProofText(text: proof.text)
            #expect(MerkleProof.verifyInclusion(leaf: SHA256.leaf(lines[index]), index: Int64(index), size: read.size, proof: read.hashes, root: independent))
        }
        for old in 1...size {
            #expect(MerkleProof.verifyConsistency(oldSize: Int64(old), oldRoot: tree.hash(0, old), newSize: Int64(size), newRoot: independent,
                                                  proof: tree.consistencyProof(old: old, new: size)))
        }
    }
}
