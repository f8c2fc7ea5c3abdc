/// Replays the log into the write side's state, checking on the way that every event still
/// satisfies the catalogue and the rules — a log edited and re-hashed by hand is caught here.
public struct StateFold: LogFold, Sendable {
    public internal(set) var state = LedgerState()

    public init(state: LedgerState = LedgerState()) { self.state = state }

    public static var depth: LineDepth { .envelope }

    /// The event as written and as the catalogue reads it, read on a worker thread.
    public static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> (recorded: RecordedEvent, domain: DomainEvent) {
        do {
            let recorded = try RecordedEvent(line: line, fields: event)
            return (recorded, try DomainEvent(recorded.event))
        } catch {
            throw FoldError("\(event.type.rawValue) does not match the catalogue: \(error)")
        }
    }

    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: (recorded: RecordedEvent, domain: DomainEvent)) throws(FoldError) {
        let derived: Payload?
        do {
            derived = try state.apply(prepared.domain, seq: event.seq)
        } catch {
            throw FoldError("\(event.type.rawValue) breaks \(error)")
        }
        // The ledger writes data in catalogue order with derived fields filled in; anything
        // else was not written by it.
        guard (derived?.data ?? prepared.domain.envelope.data) == prepared.recorded.event.data else {
            throw FoldError("\(event.type.rawValue) data is not as the ledger writes it (catalogue key order, derived fields)")
        }
    }
}
