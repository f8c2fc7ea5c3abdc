/// A point in the log just after a complete batch: where the next batch goes and what it chains to.
public struct LogPosition: Equatable, Sendable {
    /// Byte offset just past the last complete batch.
    public var offset: Int64
    /// Seq of the last event before `offset` (0 for an empty log).
    public var seq: Int64
    /// Hash of that event (64 zeros for an empty log): the next event's `prev`.
    public var head: Digest

    public init(offset: Int64, seq: Int64, head: Digest) {
        self.offset = offset
        self.seq = seq
        self.head = head
    }

    public static let start = LogPosition(offset: 0, seq: 0, head: .zero)
}

/// What is wrong with a log, if anything. A torn tail is what a crash leaves behind and
/// `repair` may move aside; damage is anything a crash cannot explain, and nothing touches it.
public enum LogProblem: Equatable, Sendable, CustomStringConvertible {
    case torn(TornTail)
    case damaged(Damage)

    public var description: String {
        switch self {
        case .torn(let tail): tail.description
        case .damaged(let damage): damage.description
        }
    }
}

/// Bytes after the last complete batch that a crashed writer left: a line without `\n`, an
/// unparseable last line, or fewer events than the batch marker announced.
public struct TornTail: Equatable, Sendable, CustomStringConvertible {
    public var offset: Int64
    public var length: Int64
    public var reason: String

    public var description: String {
        "torn tail: \(length) bytes at offset \(offset) (\(reason)); run `ledger repair` to move them to the quarantine file"
    }
}

/// The first line that breaks the log's rules, named by seq.
public struct Damage: Equatable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var line: Int64
    public var offset: Int64
    public var reason: String

    public var description: String { "seq \(seq) (line \(line), byte offset \(offset)): \(reason)" }
}
