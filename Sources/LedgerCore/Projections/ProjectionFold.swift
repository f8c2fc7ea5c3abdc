import CEventLine
import CSupport

/// Folds verified log lines into the compact read model, optionally only the events up to a
/// business date (`--as-of`) or a seq (`--as-of-seq`), or only one household's.
public struct ProjectionFold: LogFold {
    public var model: CompactProjection
    public var asOf: Int?
    public var asOfSeq: Int64?
    /// Fold only this household's events (and keep the seq and date of all): a coach's view.
    public var household: String? {
        didSet { householdKey = household.map { PseudonymKey.household($0) ?? Self.noHousehold } }
    }
    private var householdKey: Int64?
    /// Matches no event: the key of a household id that is no pseudonym.
    private static let noHousehold: Int64 = -2

    public init(_ model: CompactProjection = CompactProjection(), asOf: Int? = nil, asOfSeq: Int64? = nil) {
        self.model = model
        self.asOf = asOf
        self.asOfSeq = asOfSeq
    }

    public static var depth: LineDepth { .envelope }

    /// What the event says, read from its bytes on a worker thread.
    public struct Prepared: Sendable, Equatable {
        let fact: Fact
        let household: Int64
    }

    public static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> Prepared {
        let (fact, household) = try Fact.read(event, line: line)
        return Prepared(fact: fact, household: household)
    }

    /// Most lines are read by the C decoder, in one pass (DecodedLine.swift).
    public static func decode(_ line: UnsafeRawBufferPointer, into event: UnsafeMutablePointer<EventLine>,
                              _ prepared: UnsafeMutablePointer<Prepared>) -> Bool {
        var decoded = ledger_event()
        guard decoded.decode(line) else { return false }
        event.initialize(to: EventLine(decoded))
        prepared.initialize(to: Prepared(fact: Fact(decoded), household: decoded.household_key))
        return true
    }

    /// The lines foreseen whose records are not yet prefetched, in a ring: an entry is
    /// prefetched when a line is foreseen, its record when the line is halfway to its fold.
    private var foreseen = [Prepared?](repeating: nil, count: LogScanner.foresight / 2)
    private var nextForeseen = 0

    public static var foresees: Bool { true }

    public mutating func foresee(_ prepared: Prepared, line: UnsafeRawBufferPointer) {
        // The text the fold will copy or intern (a creditor, a payment reference) lies in a
        // line another core read: start loading it too.
        if let text = prepared.fact.text { ledger_prefetch(line.baseAddress! + text.range.lowerBound) }
        model.prefetchEntries(household: prepared.household, prepared.fact)
        if let halfway = foreseen[nextForeseen] { model.prefetchRecords(household: halfway.household, halfway.fact) }
        foreseen[nextForeseen] = prepared
        nextForeseen = nextForeseen + 1 == foreseen.count ? 0 : nextForeseen + 1  // not %: a division per line
    }

    public mutating func expect(bytes: Int64) {
        model.reserve(forLogBytes: bytes)
    }

    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Prepared) throws(FoldError) {
        var event = event, prepared = prepared
        fold(envelopeAt: &event, line: line, preparedAt: &prepared)
    }

    public mutating func fold(envelopeAt event: UnsafePointer<EventLine>, line: UnsafeRawBufferPointer,
                              preparedAt prepared: UnsafePointer<Prepared>) {
        let seq = event.pointee.seq, effective = event.pointee.effective, household = prepared.pointee.household
        if let asOfSeq, seq > asOfSeq { return }
        if let asOf, effective > asOf { return }
        if let householdKey, household != householdKey {
            model.seq = seq
            model.lastEffective = max(model.lastEffective, effective)
            return
        }
        model.fold(event, line: line, householdKey: household, prepared.pointee.fact)
    }
}
