/// What the write side decides on: the fold of every event in the log so far. Small on purpose —
/// only what a rule needs to look at; the read models are the projections' business.
public struct LedgerState: Equatable, Sendable {
    public var fund = FundAccount()
    public internal(set) var households = HouseholdTable()
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

/// How many records a batch can add to the state, counted before it is decided so that the
/// state's tables grow once instead of doubling their way up through a large import.
struct StateGrowth {
    var households = 0, debts = 0, offers = 0, pauses = 0, keys = 0

    init(_ batch: [Result<DomainEvent, InputError>]) {
        for case .success(let event) in batch {
            if event.envelope.key != nil { keys += 1 }
            switch event.type {
            case .householdApproached: households += 1
            case .debtRegistered: debts += 1
            case .offerSent: offers += 1
            case .pauseInvoked: pauses += 1
            default: break
            }
        }
    }

    /// What `total` events are foreseen to add, their first ones being `sample` (a streamed
    /// batch): where the rest is not like them, a table grows by doubling from there, as it
    /// would have without the estimate.
    init(foreseenFrom sample: [Result<DomainEvent, InputError>], total: Int) {
        self.init(sample)
        guard !sample.isEmpty else { return }
        func scaled(_ n: Int) -> Int { n * total / sample.count }
        (households, debts, offers, pauses, keys) = (scaled(households), scaled(debts), scaled(offers), scaled(pauses), scaled(keys))
    }
}

extension LedgerState {
    mutating func reserve(_ growth: StateGrowth) {
        households.reserveCapacity(households.count + growth.households)
        debts.reserveCapacity(debts.count + growth.debts)
        offers.reserveCapacity(offers.count + growth.offers)
        pauses.reserveCapacity(pauses.count + growth.pauses)
        keys.reserveCapacity(keys.count + growth.keys)
    }
}
