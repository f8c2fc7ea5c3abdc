/// An event's `data`, typed by its event type.
public enum Payload: Equatable, Sendable {
    case fundDeposited(FundDeposited)
    case householdApproached(HouseholdApproached)
    case householdResponded(HouseholdResponded)
    case householdEnrolled(HouseholdEnrolled)
    case coachAssigned(CoachAssigned)
    case circumstancesAssessed(CircumstancesAssessed)
    case typologyAssessed(TypologyAssessed)
    case developmentRecorded(DevelopmentRecorded)
    case debtRegistered(DebtRegistered)
    case balanceRequested(BalanceRequested)
    case balanceConfirmed(BalanceConfirmed)
    case debtCorrected(DebtCorrected)
    case costsAdded(CostsAdded)
    case inventoryCompleted(InventoryCompleted)
    case pauseInvoked(PauseInvoked)
    case pauseLifted(PauseLifted)
    case offerSent(OfferSent)
    case offerAccepted(OfferAccepted)
    case offerRejected(OfferRejected)
    case offerWithdrawn(OfferWithdrawn)
    case settlementPaid(SettlementPaid)
    case paymentReversed(PaymentReversed)
    case debtResolved(DebtResolved)
    case repaymentAgreed(RepaymentAgreed)
    case repaymentReceived(RepaymentReceived)
    case householdExited(HouseholdExited)

    /// Reads `data` as the payload of `type`, with all of the catalogue's checks. (The read side
    /// reads the log's bytes itself: `Fact.read`.)
    public static func read(_ type: EventType, _ data: JSONObject, household: String?) throws(InputError) -> Payload {
        var r = DataReader(data, household: household)
        let payload: Payload
        switch type {
        case .fundDeposited: payload = .fundDeposited(try FundDeposited(&r))
        case .householdApproached: payload = .householdApproached(try HouseholdApproached(&r))
        case .householdResponded: payload = .householdResponded(try HouseholdResponded(&r))
        case .householdEnrolled: payload = .householdEnrolled(try HouseholdEnrolled(&r))
        case .coachAssigned: payload = .coachAssigned(try CoachAssigned(&r))
        case .circumstancesAssessed: payload = .circumstancesAssessed(try CircumstancesAssessed(&r))
        case .typologyAssessed: payload = .typologyAssessed(try TypologyAssessed(&r))
        case .developmentRecorded: payload = .developmentRecorded(try DevelopmentRecorded(&r))
        case .debtRegistered: payload = .debtRegistered(try DebtRegistered(&r))
        case .balanceRequested: payload = .balanceRequested(try BalanceRequested(&r))
        case .balanceConfirmed: payload = .balanceConfirmed(try BalanceConfirmed(&r))
        case .debtCorrected: payload = .debtCorrected(try DebtCorrected(&r))
        case .costsAdded: payload = .costsAdded(try CostsAdded(&r))
        case .inventoryCompleted: payload = .inventoryCompleted(try InventoryCompleted(&r))
        case .pauseInvoked: payload = .pauseInvoked(try PauseInvoked(&r))
        case .pauseLifted: payload = .pauseLifted(try PauseLifted(&r))
        case .offerSent: payload = .offerSent(try OfferSent(&r))
        case .offerAccepted: payload = .offerAccepted(try OfferAccepted(&r))
        case .offerRejected: payload = .offerRejected(try OfferRejected(&r))
        case .offerWithdrawn: payload = .offerWithdrawn(try OfferWithdrawn(&r))
        case .settlementPaid: payload = .settlementPaid(try SettlementPaid(&r))
        case .paymentReversed: payload = .paymentReversed(try PaymentReversed(&r))
        case .debtResolved: payload = .debtResolved(try DebtResolved(&r))
        case .repaymentAgreed: payload = .repaymentAgreed(try RepaymentAgreed(&r))
        case .repaymentReceived: payload = .repaymentReceived(try RepaymentReceived(&r))
        case .householdExited: payload = .householdExited(try HouseholdExited(&r))
        }
        try r.finish(type)
        return payload
    }

    public var body: any EventPayload {
        switch self {
        case .fundDeposited(let p): p
        case .householdApproached(let p): p
        case .householdResponded(let p): p
        case .householdEnrolled(let p): p
        case .coachAssigned(let p): p
        case .circumstancesAssessed(let p): p
        case .typologyAssessed(let p): p
        case .developmentRecorded(let p): p
        case .debtRegistered(let p): p
        case .balanceRequested(let p): p
        case .balanceConfirmed(let p): p
        case .debtCorrected(let p): p
        case .costsAdded(let p): p
        case .inventoryCompleted(let p): p
        case .pauseInvoked(let p): p
        case .pauseLifted(let p): p
        case .offerSent(let p): p
        case .offerAccepted(let p): p
        case .offerRejected(let p): p
        case .offerWithdrawn(let p): p
        case .settlementPaid(let p): p
        case .paymentReversed(let p): p
        case .debtResolved(let p): p
        case .repaymentAgreed(let p): p
        case .repaymentReceived(let p): p
        case .householdExited(let p): p
        }
    }

    /// The `data` object in the catalogue's key order.
    public var data: JSONObject { body.data }
}
