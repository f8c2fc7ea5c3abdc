/// Something built from the log, one verified event at a time: the write side's state, the
/// projections. The scanner calls it for every event that passed the log's own checks; an
/// error stops the scan and is reported as damage at that seq.
///
/// A fold must be a value with no effects outside itself: `LogStore.verify(folding:)` starts
/// it again from its initial value when the end of the log turns out to be an append in
/// progress or a torn tail. Work with effects (writing a file) goes through
/// `LogStore.fold(_:upTo:)`, over a position a verification returned.
public protocol LogFold {
    mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError)
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
    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) {}
}
