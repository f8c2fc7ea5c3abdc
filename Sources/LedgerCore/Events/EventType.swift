/// The event types of DESIGN.md's catalogue, version 1.
public enum EventType: String, CaseIterable, Sendable {
    case fundDeposited = "FundDeposited"
    case householdApproached = "HouseholdApproached"
    case householdResponded = "HouseholdResponded"
    case householdEnrolled = "HouseholdEnrolled"
    case coachAssigned = "CoachAssigned"
    case circumstancesAssessed = "CircumstancesAssessed"
    case typologyAssessed = "TypologyAssessed"
    case developmentRecorded = "DevelopmentRecorded"
    case debtRegistered = "DebtRegistered"
    case balanceRequested = "BalanceRequested"
    case balanceConfirmed = "BalanceConfirmed"
    case debtCorrected = "DebtCorrected"
    case costsAdded = "CostsAdded"
    case inventoryCompleted = "InventoryCompleted"
    case pauseInvoked = "PauseInvoked"
    case pauseLifted = "PauseLifted"
    case offerSent = "OfferSent"
    case offerAccepted = "OfferAccepted"
    case offerRejected = "OfferRejected"
    case offerWithdrawn = "OfferWithdrawn"
    case settlementPaid = "SettlementPaid"
    case paymentReversed = "PaymentReversed"
    case debtResolved = "DebtResolved"
    case repaymentAgreed = "RepaymentAgreed"
    case repaymentReceived = "RepaymentReceived"
    case householdExited = "HouseholdExited"

    /// The schema version the ledger writes for this type (and the only one it reads, so far).
    public var currentVersion: Int64 { 1 }

    /// Fund events carry no household; every other event does.
    public var isHouseholdEvent: Bool { self != .fundDeposited }

    private static let names: [[UInt8]] = allCases.map { Array($0.rawValue.utf8) }

    /// Looks a type name up from the raw bytes between a string's quotes.
    public init?(bytes: UnsafeRawBufferPointer) {
        for (index, name) in EventType.names.enumerated()
        where name.count == bytes.count && name.withUnsafeBytes({ $0.elementsEqual(bytes) }) {
            self = EventType.allCases[index]
            return
        }
        return nil
    }
}
