/// Something built from the log, one verified event at a time: the write side's state, the
/// projections. The scanner calls it for every event that passed the log's own checks; an
/// error stops the scan and is reported as damage at that seq.
///
/// A fold must be a value with no effects outside itself: `LogStore.verify(folding:)` starts
/// it again from its initial value when the end of the log turns out to be an append in
/// progress or a torn tail. Work with effects (writing a file) goes through
/// `LogStore.fold(_:upTo:)`, over a position a verification returned.
///
/// Work on a line that needs no other line (parsing `data`, checking it against the catalogue)
/// goes into `prepare`, which the scanner runs on worker threads ahead of the fold; `fold` gets
/// its result, in log order.
public protocol LogFold: SendableMetatype {
    /// What `prepare` makes of one line.
    associatedtype Prepared: Sendable = Void
    /// How much of a line the scanner reads before the fold sees it.
    static var depth: LineDepth { get }
    /// Pure and thread-safe: it may run for any line on any thread, in any order.
    static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> Prepared
    /// A faster reading of a line in its usual shape, envelope and preparation in one go, the
    /// same as `EventLine.decode` and `prepare` would make of it, initialising `event` and
    /// `prepared` in place (a chunk's slots: no copies of them per line); false leaves both
    /// uninitialised and hands the line to those two, which also say what is wrong with it.
    /// Pure and thread-safe, like `prepare`.
    static func decode(_ line: UnsafeRawBufferPointer, into event: UnsafeMutablePointer<EventLine>,
                       _ prepared: UnsafeMutablePointer<Prepared>) -> Bool
    mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Prepared) throws(FoldError)
    /// How the scanner calls `fold`: with the envelope and the preparation where they lie in
    /// the chunk, so that a fold on the replay's path reads the few fields it needs instead of
    /// a copy of the whole envelope per line (which `fold` is given). The default calls `fold`.
    mutating func fold(envelopeAt event: UnsafePointer<EventLine>, line: UnsafeRawBufferPointer,
                       preparedAt prepared: UnsafePointer<Prepared>) throws(FoldError)
    /// Called a few lines before `fold` gets the line `prepared` came from, which it may not
    /// fold after all (the chain may break before it): a fold whose state is larger than the
    /// cache starts loading what that line will touch, so the loads of several lines overlap
    /// instead of each line waiting for its own.
    mutating func foresee(_ prepared: Prepared, line: UnsafeRawBufferPointer)
    /// Whether `foresee` does anything: the scanner skips handing over what it would ignore.
    static var foresees: Bool { get }
    /// Called once before a scan of `bytes` of log: a fold whose state grows with the log can
    /// make room for it at once instead of growing (and copying itself) step by step.
    mutating func expect(bytes: Int64)
}

extension LogFold {
    public static var depth: LineDepth { .whole }
    public static func decode(_ line: UnsafeRawBufferPointer, into event: UnsafeMutablePointer<EventLine>,
                              _ prepared: UnsafeMutablePointer<Prepared>) -> Bool { false }
    public mutating func foresee(_ prepared: Prepared, line: UnsafeRawBufferPointer) {}
    public static var foresees: Bool { false }
    public mutating func expect(bytes: Int64) {}
    public mutating func fold(envelopeAt event: UnsafePointer<EventLine>, line: UnsafeRawBufferPointer,
                              preparedAt prepared: UnsafePointer<Prepared>) throws(FoldError) {
        try fold(event.pointee, line: line, prepared: prepared.pointee)
    }
}

/// How much of each line the scanner reads.
public enum LineDepth: Sendable {
    /// Every field, strictly: the line is a canonical event as a whole.
    case whole
    /// The envelope strictly, `data` only located: for a fold that parses `data` strictly
    /// itself, so no line is parsed twice.
    case envelope
    /// seq, batch and prev only (`verify --chain-only`); the fold is not called.
    case chain
}

extension LogFold where Prepared == Void {
    public static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) {}
}

/// Why an event that is a well-formed log line still cannot be folded (it breaks a rule).
public struct FoldError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The log's own checks only: lines, seq, chain, batches.
public struct NoFold: LogFold {
    public init() {}
    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {}
}

/// The chain alone (`verify --chain-only`): seq, prev, batches and the Merkle root. A line's
/// other fields are covered by its hash but not read — the full `verify` parses them and
/// replays the rules.
public struct ChainFold: LogFold {
    public init() {}
    public static var depth: LineDepth { .chain }
    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {}
}
