/// Folds verified log lines into a `ProgramProjection`, optionally only the events up to a
/// business date (`--as-of`) or a seq (`--as-of-seq`).
public struct ProjectionFold: LogFold {
    public var projection: ProgramProjection
    public var asOf: Int?
    public var asOfSeq: Int64?

    public init(_ projection: ProgramProjection = ProgramProjection(), asOf: Int? = nil, asOfSeq: Int64? = nil) {
        self.projection = projection
        self.asOf = asOf
        self.asOfSeq = asOfSeq
    }

    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) {
        if let asOfSeq, event.seq > asOfSeq { return }
        if let asOf, event.effective > asOf { return }
        let payload: Payload
        do {
            guard case .object(let data) = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[event.data]), canonical: true) else {
                throw FoldError("data is not an object")
            }
            payload = try Payload.read(event.type, data, household: event.household.map { EventLine.text(line, $0) }, trusted: true)
        } catch let error as FoldError {
            throw error
        } catch {
            throw FoldError("\(event.type.rawValue) does not match the catalogue: \(error)")
        }
        projection.fold(seq: event.seq, effective: event.effective, household: event.household.map { EventLine.text(line, $0) }, payload)
    }
}
