import FoundationEssentials

/// A checkpoint in the C2SP tlog-checkpoint text form: the origin, the tree size in decimal, the
/// Merkle root in standard base64, then a blank line. An auditor signs and publishes it with
/// tools they already have; the ledger holds no keys.
public struct TreeHead: Equatable, Sendable {
    public var origin: String
    public var size: Int64
    public var root: Digest

    public init(origin: String, size: Int64, root: Digest) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var text: String { "\(origin)\n\(size)\n\(root.base64)\n\n" }

    /// The stable default origin: named after the log's first event, not its path, so copies of
    /// one log anywhere give comparable checkpoints.
    public static func defaultOrigin(firstEvent: Digest?) -> String {
        "ledger/" + (firstEvent.map { String($0.hex.prefix(16)) } ?? "empty")
    }

    public init(text: String) throws(InputError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, !lines[0].isEmpty else { throw InputError("a checkpoint starts with an origin line, a size line and a root line") }
        guard let size = Int64(lines[1]), size >= 0 else { throw InputError("checkpoint size \"\(lines[1])\" is not a number") }
        guard let root = Digest(base64: lines[2]) else { throw InputError("checkpoint root \"\(lines[2])\" is not a base64 SHA-256 hash") }
        self.init(origin: lines[0], size: size, root: root)
    }
}

/// A proof as text: a header naming its kind, its sizes, then one base64 hash per line.
public struct ProofText: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Event `seq` is in the tree of `size` events.
        case inclusion(seq: Int64)
        /// The tree of `old` events is a prefix of the tree of `size` events.
        case consistency(old: Int64)
    }

    public var kind: Kind
    public var size: Int64
    public var hashes: [Digest]

    public init(kind: Kind, size: Int64, hashes: [Digest]) {
        self.kind = kind
        self.size = size
        self.hashes = hashes
    }

    public var text: String {
        let header: String
        switch kind {
        case .inclusion(let seq): header = "ledger inclusion proof\nseq \(seq)\n"
        case .consistency(let old): header = "ledger consistency proof\nold \(old)\n"
        }
        return header + "size \(size)\n" + hashes.map { $0.base64 + "\n" }.joined()
    }

    public init(text: String) throws(InputError) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count >= 3 else { throw InputError("a proof has a kind line, a seq or old line and a size line") }
        func number(_ line: String, _ name: String) throws(InputError) -> Int64 {
            guard line.hasPrefix(name + " "), let value = Int64(line.dropFirst(name.count + 1)), value >= 0 else {
                throw InputError("expected \"\(name) N\", found \"\(line)\"")
            }
            return value
        }
        switch lines[0] {
        case "ledger inclusion proof": kind = .inclusion(seq: try number(lines[1], "seq"))
        case "ledger consistency proof": kind = .consistency(old: try number(lines[1], "old"))
        default: throw InputError("\"\(lines[0])\" is not a ledger proof")
        }
        size = try number(lines[2], "size")
        hashes = []
        for line in lines.dropFirst(3) {
            guard let digest = Digest(base64: line) else { throw InputError("proof hash \"\(line)\" is not a base64 SHA-256 hash") }
            hashes.append(digest)
        }
    }
}

extension Digest {
    public var base64: String { Data(bytes).base64EncodedString() }

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64), data.count == 32 else { return nil }
        self = Array(data).withUnsafeBytes { Digest(bytes: $0) }
    }
}

/// Collects the leaf hash of every verified event, for proofs.
public struct LeafCollector: LogFold {
    public private(set) var leaves: [Digest] = []
    public init() {}
    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {
        leaves.append(SHA256.leaf(line))
    }
}
