/// What the write side decides on: the fold of every event in the log so far. Small on purpose —
/// only what a rule needs to look at; the read models are the projections' business.
public struct LedgerState: Equatable, Sendable {
    public var fund = FundAccount()
    public var households: [String: HouseholdRecord] = [:]
    public var debts: [String: DebtRecord] = [:]
    public var offers: [String: OfferRecord] = [:]
    public var pauses: [String: PauseRecord] = [:]
    /// Idempotency keys seen, with the seq they were written at and the event's identity.
    public var keys: [String: KeyRecord] = [:]
    /// Seq of the last event folded in.
    public var seq: Int64 = 0

    public init() {}
}

/// The program's buy-off fund as double entry. One fund per log (a log is one program).
public struct FundAccount: Equatable, Sendable {
    public var id: String?
    public var depositedCents: Int64 = 0
    public var repaidCents: Int64 = 0
    /// Accepted offers not yet paid.
    public var committedCents: Int64 = 0
    public var paidCents: Int64 = 0

    /// What an acceptance may still commit. Never negative: the rules refuse what would make it so.
    public var availableCents: Int64 { depositedCents + repaidCents - paidCents - committedCents }
}

public struct HouseholdRecord: Equatable, Sendable {
    public var answer: Answer?
    public var enrolled = false
    public var exited = false
    public var inventoryCompleted = false
    public var repaymentAgreed = false
    /// Debt ids in the order they were registered.
    public var debts: [String] = []
}

public struct DebtRecord: Equatable, Sendable {
    public var household: String
    public var currentCents: Int64
    public var open = true
    /// The offer on this debt that is still open or accepted (at most one at a time).
    public var activeOffer: String?
}

public enum OfferStatus: String, Equatable, Sendable { case open, accepted, rejected, withdrawn, paid, reversed }

public struct OfferRecord: Equatable, Sendable {
    public var household: String
    public var debt: String
    public var amountCents: Int64
    public var expiresOn: Int
    public var status: OfferStatus = .open
}

public struct PauseRecord: Equatable, Sendable {
    public var household: String
    public var debts: [String]
    public var from: Int
    public var until: Int
    public var lifted = false
}

public struct KeyRecord: Equatable, Sendable {
    public var seq: Int64
    public var identity: Digest
}
