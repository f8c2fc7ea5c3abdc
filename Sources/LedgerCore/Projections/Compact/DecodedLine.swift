import CEventLine

/// The replay's fast path: `ledger_decode_event` (Sources/CEventLine) reads a line in the
/// canonical shape the ledger writes in one pass, envelope and `data` together; here its
/// numbers become the `EventLine` and the `Fact` that `EventLine.decode` and `Fact.read` make
/// of the same line (`ProjectionFold.decode`). A line it gives up goes to those two, which
/// also say what is wrong.
extension ledger_event {
    /// Reads `line`; false when the decoder gives it up.
    mutating func decode(_ line: UnsafeRawBufferPointer) -> Bool {
        ledger_decode_event(line.baseAddress!.assumingMemoryBound(to: UInt8.self), line.count, &self) == 1
    }
}

extension EventLine {
    @inline(__always)
    init(_ e: ledger_event) {
        self.init(
            seq: e.seq, batch: e.batch == 0 ? nil : e.batch, type: EventType.byOrdinal[Int(e.type)], version: 1,
            recordedAt: e.recorded_at, effective: Int(e.effective), actor: e.actor.range, key: e.key.rangeIfPresent,
            household: e.household.rangeIfPresent, data: e.data.range,
            prev: Digest(words: (e.prev.0, e.prev.1, e.prev.2, e.prev.3)))
    }
}

extension Fact {
    /// The fact in the slots `ledger_decode_event` filled for its type (`data()` in eventline.c).
    @inline(__always)
    init(_ e: ledger_event) {
        let n = e.number
        let text = e.text.rangeIfPresent.map(LineSpan.init)
        func code<E: Ordinal>(_ ordinal: UInt8) -> E { E.byOrdinal[Int(ordinal)] }
        switch EventType.byOrdinal[Int(e.type)] {
        case .fundDeposited: self = .fundDeposited(fund: text!, amountCents: n.0)
        case .householdApproached: self = .householdApproached(code(e.code.0))
        case .householdResponded: self = .householdResponded(code(e.code.0))
        case .householdEnrolled:
            self = .householdEnrolled(adults: n.0, minors: n.1, adultChildren: n.2, coach: n.3, intensity: code(e.code.0))
        case .coachAssigned: self = .coachAssigned(coach: n.0, intensity: code(e.code.0))
        case .circumstancesAssessed:
            self = .circumstancesAssessed(
                causes: CodeList(packed: e.list.0, count: Int(e.list_count.0)),
                problemAreas: CodeList(packed: e.list.1, count: Int(e.list_count.1)),
                priorHelp: CodeList(packed: e.list.2, count: Int(e.list_count.2)))
        case .typologyAssessed: self = .typologyAssessed(code(e.code.0), code(e.code.1), note: text)
        case .developmentRecorded: self = .developmentRecorded(code(e.code.0), code(e.code.1))
        case .debtRegistered:
            self = .debtRegistered(debt: n.0, creditor: text!, code(e.code.0), originalCents: n.1, currentCents: n.2,
                                   preferential: e.flag.0 != 0, lateClaim: e.flag.1 != 0)
        case .balanceRequested: self = .balanceRequested(debt: n.0)
        case .balanceConfirmed: self = .balanceConfirmed(debt: n.0, currentCents: n.1)
        case .debtCorrected: self = .debtCorrected(debt: n.0, creditor: text!, code(e.code.0), currentCents: n.1)
        case .costsAdded: self = .costsAdded(debt: n.0, amountCents: n.1)
        case .inventoryCompleted: self = .inventoryCompleted
        case .pauseInvoked: self = .pauseInvoked(pause: n.0, debts: text!, from: Int32(n.1), until: Int32(n.2))
        case .pauseLifted: self = .pauseLifted(pause: n.0)
        case .offerSent: self = .offerSent(offer: n.0, debt: n.1, amountCents: n.2, expiresOn: Int32(n.3))
        case .offerAccepted: self = .offerAccepted(offer: n.0)
        case .offerRejected: self = .offerRejected(offer: n.0)
        case .offerWithdrawn: self = .offerWithdrawn(offer: n.0)
        case .settlementPaid: self = .settlementPaid(offer: n.0, amountCents: n.1, paymentRef: text!)
        case .paymentReversed: self = .paymentReversed(offer: n.0, amountCents: n.1)
        case .debtResolved: self = .debtResolved(debt: n.0, code(e.code.0))
        case .repaymentAgreed: self = .repaymentAgreed(monthlyCents: n.0, months: n.1, inKind: e.flag.0 != 0)
        case .repaymentReceived: self = .repaymentReceived(amountCents: n.0)
        case .householdExited: self = .householdExited(code(e.code.0))
        }
    }
}

/// A closed list's cases by their declaration order, which the C decoder's ordinals follow
/// (`DecodedLineTests` checks its names against these): `allCases` builds an array per call.
protocol Ordinal: CaseIterable {
    static var byOrdinal: [Self] { get }
}

extension EventType: Ordinal { static let byOrdinal = allCases }
extension Channel: Ordinal { static let byOrdinal = allCases }
extension Answer: Ordinal { static let byOrdinal = allCases }
extension Intensity: Ordinal { static let byOrdinal = allCases }
extension SelfReliance: Ordinal { static let byOrdinal = allCases }
extension Multiproblem: Ordinal { static let byOrdinal = allCases }
extension DevelopmentArea: Ordinal { static let byOrdinal = allCases }
extension Direction: Ordinal { static let byOrdinal = allCases }
extension DebtCategory: Ordinal { static let byOrdinal = allCases }
extension Resolution: Ordinal { static let byOrdinal = allCases }
extension ExitReason: Ordinal { static let byOrdinal = allCases }
