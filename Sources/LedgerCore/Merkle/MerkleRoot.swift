/// The RFC 6962 Merkle tree head over a stream of leaf hashes, kept as a compact range: at most
/// one perfect subtree per bit of the size, so memory is O(log n) however long the log.
public struct MerkleRoot: Equatable, Sendable {
    /// A perfect subtree: 2^height leaves under one hash.
    public struct Subtree: Sendable {
        public var height: Int
        public var hash: Digest
    }

    /// Roots of perfect subtrees, largest (leftmost) first.
    private var stack: [Subtree] = []
    public private(set) var size: Int64 = 0

    public init() {}

    public mutating func append(_ leaf: Digest) {
        append(Subtree(height: 0, hash: leaf))
    }

    /// Appends 2^height leaves at once; they must start at a multiple of 2^height, as the
    /// subtrees `subtrees(startingAt:count:leaf:)` returns do.
    public mutating func append(_ subtree: Subtree) {
        precondition(size & ((1 << subtree.height) - 1) == 0, "subtree not aligned")
        var node = subtree
        while let last = stack.last, last.height == node.height {
            stack.removeLast()
            node = Subtree(height: node.height + 1, hash: SHA256.node(last.hash, node.hash))
        }
        stack.append(node)
        size += 1 << subtree.height
    }

    /// The perfect subtrees covering leaves `start ..< start + count` of a tree, each as large
    /// as its alignment allows: what lets workers hash parts of the tree independently.
    public static func subtrees(startingAt start: Int64, count: Int, leaf: (Int) -> Digest) -> [Subtree] {
        var result: [Subtree] = []
        var level: [Digest] = []
        var done = 0
        while done < count {
            let position = start + Int64(done)
            var height = position == 0 ? 62 : position.trailingZeroBitCount
            while (1 << height) > count - done { height -= 1 }
            level.removeAll(keepingCapacity: true)
            for index in done..<(done + (1 << height)) { level.append(leaf(index)) }
            var width = level.count
            while width > 1 {
                if width == 2 {
                    level[0] = SHA256.node(level[0], level[1])
                } else {
                    for pair in stride(from: 0, to: width / 2, by: 2) {
                        (level[pair], level[pair + 1]) = SHA256.nodes(
                            (level[2 * pair], level[2 * pair + 1]), (level[2 * pair + 2], level[2 * pair + 3]))
                    }
                }
                width /= 2
            }
            result.append(Subtree(height: height, hash: level[0]))
            done += 1 << height
        }
        return result
    }

    /// MTH of the leaves so far; SHA-256 of nothing for an empty tree.
    public var root: Digest {
        guard var hash = stack.last?.hash else { return SHA256.hash([]) }
        for entry in stack.dropLast().reversed() { hash = SHA256.node(entry.hash, hash) }
        return hash
    }

    public static func == (a: MerkleRoot, b: MerkleRoot) -> Bool {
        a.size == b.size && a.root == b.root
    }
}
