/// The RFC 6962 Merkle tree head over a stream of leaf hashes, kept as a compact range: at most
/// one perfect subtree per bit of the size, so memory is O(log n) however long the log.
public struct MerkleRoot: Equatable, Sendable {
    /// Roots of perfect subtrees, largest (leftmost) first, with their heights.
    private var stack: [(height: Int, hash: Digest)] = []
    public private(set) var size: Int64 = 0

    public init() {}

    public mutating func append(_ leaf: Digest) {
        var node = (height: 0, hash: leaf)
        while let last = stack.last, last.height == node.height {
            stack.removeLast()
            node = (node.height + 1, SHA256.node(last.hash, node.hash))
        }
        stack.append(node)
        size += 1
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
