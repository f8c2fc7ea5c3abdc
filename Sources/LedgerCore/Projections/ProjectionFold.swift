/// Folds verified log lines into a `ProgramProjection`, optionally only the events up to a
/// business date (`--as-of`) or a seq (`--as-of-seq`).
public struct ProjectionFold: LogFold {
    public var projection: ProgramProjection
    public var asOf: Int?
    public var asOfSeq: Int64?
    /// Fold only this household's events (and keep the seq and date of all): a coach's view.
    public var household: String?

    public init(_ projection: ProgramProjection = ProgramProjection(), asOf: Int? = nil, asOfSeq: Int64? = nil) {
        self.projection = projection
        self.asOf = asOf
        self.asOfSeq = asOfSeq
    }

    public static var depth: LineDepth { .envelope }

    /// The typed payload and the household, read on a worker thread.
    public static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> (payload: Payload, household: String?) {
        let household = event.household.map { EventLine.text(line, $0) }
        do {
            guard case .object(let data) = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[event.data]), canonical: true) else {
                throw FoldError("data is not an object")
            }
            return (try Payload.read(event.type, data, household: household, trusted: true), household)
        } catch let error as FoldError {
            throw error
        } catch {
            throw FoldError("\(event.type.rawValue) does not match the catalogue: \(error)")
        }
    }

    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: (payload: Payload, household: String?)) throws(FoldError) {
        if let asOfSeq, event.seq > asOfSeq { return }
        if let asOf, event.effective > asOf { return }
        if let household, prepared.household != household {
            projection.seq = event.seq
            projection.lastEffective = max(projection.lastEffective, event.effective)
            return
        }
        projection.fold(seq: event.seq, effective: event.effective, household: prepared.household, prepared.payload)
    }
}
