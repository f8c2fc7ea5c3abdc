/// The RFC 6962 Merkle tree over every event of a log, for proofs. It keeps every perfect,
/// aligned subtree (levels of 2^h leaves), so any subtree hash a proof needs is O(log n) work.
public struct MerkleTree: Sendable {
    /// levels[h][i] = hash of leaves [i·2^h, (i+1)·2^h).
    private var levels: [[Digest]]

    public init(leaves: [Digest]) {
        levels = [leaves]
        while levels.last!.count > 1 {
            let below = levels.last!
            levels.append(stride(from: 0, to: below.count - 1, by: 2).map { SHA256.node(below[$0], below[$0 + 1]) })
        }
    }

    public var size: Int { levels[0].count }
    public var root: Digest { hash(0, size) }

    /// MTH(D[start..<end]).
    public func hash(_ start: Int, _ end: Int) -> Digest {
        let count = end - start
        if count == 0 { return SHA256.hash([]) }
        let height = count.trailingZeroBitCount
        if count == 1 << height && start % count == 0 { return levels[height][start >> height] }
        let k = largestPowerOfTwo(below: count)
        return SHA256.node(hash(start, start + k), hash(start + k, end))
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 2.1.1).
    public func inclusionProof(index: Int, size: Int) -> [Digest] {
        precondition(index < size && size <= self.size)
        var path: [Digest] = []
        func walk(_ m: Int, _ start: Int, _ end: Int) {
            let n = end - start
            guard n > 1 else { return }
            let k = largestPowerOfTwo(below: n)
            if m < k {
                walk(m, start, start + k)
                path.append(hash(start + k, end))
            } else {
                walk(m - k, start + k, end)
                path.append(hash(start, start + k))
            }
        }
        walk(index, 0, size)
        return path
    }

    /// The consistency proof between the trees of the first `old` and first `new` leaves
    /// (RFC 6962 2.1.2).
    public func consistencyProof(old: Int, new: Int) -> [Digest] {
        precondition(0 < old && old <= new && new <= size)
        var proof: [Digest] = []
        func subproof(_ m: Int, _ start: Int, _ end: Int, _ complete: Bool) {
            let n = end - start
            if m == n {
                if !complete { proof.append(hash(start, end)) }
                return
            }
            let k = largestPowerOfTwo(below: n)
            if m <= k {
                subproof(m, start, start + k, complete)
                proof.append(hash(start + k, end))
            } else {
                subproof(m - k, start + k, end, false)
                proof.append(hash(start, start + k))
            }
        }
        subproof(old, 0, new, true)
        return proof
    }
}

/// The largest power of two smaller than `n` (n > 1).
func largestPowerOfTwo(below n: Int) -> Int {
    1 << (Int.bitWidth - (n - 1).leadingZeroBitCount - 1)
}

/// Checking proofs needs no tree, only hashes (RFC 9162 2.1.3.2 and 2.1.4.2): an auditor can do
/// it offline, from a published checkpoint.
public enum MerkleProof {
    public static func verifyInclusion(leaf: Digest, index: Int64, size: Int64, proof: [Digest], root: Digest) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leaf
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = SHA256.node(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = SHA256.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    public static func verifyConsistency(oldSize: Int64, oldRoot: Digest, newSize: Int64, newRoot: Digest, proof: [Digest]) -> Bool {
        guard oldSize > 0, oldSize <= newSize else { return oldSize == 0 && proof.isEmpty }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        var path = proof
        // A complete old tree is its own first node.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        guard let first = path.first else { return false }
        var fr = first, sr = first
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = SHA256.node(c, fr)
                sr = SHA256.node(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = SHA256.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
