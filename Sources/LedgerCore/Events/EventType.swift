#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Every type with its name's bytes, built once: `allCases` makes a new array per call, and
    /// this runs for every line a replay reads.
    private static let byName: [(name: [UInt8], type: EventType)] = allCases.map { (Array($0.rawValue.utf8), $0) }

    /// Looks a type name up from the raw bytes between a string's quotes.
    public init?(bytes: UnsafeRawBufferPointer) {
        for (name, type) in EventType.byName where name.count == bytes.count {
            if name.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
                self = type
                return
            }
        }
        return nil
    }
}
