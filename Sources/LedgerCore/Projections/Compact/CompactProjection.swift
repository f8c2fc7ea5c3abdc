/// The read side's model as the replay builds it: what `ProgramProjection` holds, in arrays of
/// plain records indexed by interned ids, with enum values for every closed list and free text
/// in one byte pool. A replay of a national log folds a million events into it on one thread,
/// so nothing here hashes a string, counts a reference or allocates per event; and it stays
/// small — it grows with households, debts and offers, not with events.
///
/// `ProgramProjection(_:)` materialises it for the views and the projection files;
/// `ProgramReport(_:)` reads the figures straight from it.
public struct CompactProjection: Sendable {
    /// Seq of the last event folded in.
    public internal(set) var seq: Int64 = 0
    /// The latest business date folded in.
    public internal(set) var lastEffective: Int = 0

    var fund = Fund()
    var movements: [Movement] = []
    /// Every household approached, in the order approached. A household approached a second
    /// time starts a new record; the old one stays, `replaced`.
    var households: [Household] = []
    var householdSlots = IdTable()
    var debts: [Debt] = []
    var debtSlots = IdTable()
    var offers: [Offer] = []
    var offerSlots = IdTable()
    var pauses: [Pause] = []
    var pauseSlots = IdTable()
    /// The debts each pause covers, as `Pause.debts` ranges.
    var pauseDebts: [Int64] = []
    /// In log order, so each household's come in its order.
    var developments: [Development] = []
    /// Per creditor (the ordinal of its name in `texts`), once anything is counted for it.
    var creditors: [CreditorStats?] = []
    var texts = TextPool()

    public init() {}

    /// Makes room for the debts, offers and fund movements a replay of `bytes` more of log may
    /// add, so that those arrays do not grow by doubling: each doubling copied tens of megabytes
    /// and faulted its pages in afresh, a tenth of the fold thread's time on the demo log. The
    /// estimate is generous — an event line is 200 bytes at the least, and a log holds at most
    /// about one of each per four events — because the room costs address space, not memory:
    /// a large array's pages become resident only once written. (Households are fewer than a
    /// percent of a program's events; a log of nothing but approaches grows that array as it
    /// goes, as a reservation by this rule would not hold it.) At most a gigabyte each.
    mutating func reserve(forLogBytes bytes: Int64) {
        let events = Int(bytes / 200)
        func reserve<T>(_ records: inout [T]) {
            records.reserveCapacity(records.count + min(events / 4, (1 << 30) / MemoryLayout<T>.stride))
        }
        reserve(&debts)
        reserve(&offers)
        reserve(&movements)
    }

    struct Fund: Sendable {
        var name: TextPool.Text?
        var depositedCents: Int64 = 0
        var repaidCents: Int64 = 0
        var committedCents: Int64 = 0
        var paidCents: Int64 = 0
    }

    // Records are laid out widest fields first: Swift keeps declaration order, and there are
    // hundreds of thousands of these.

    struct Movement: Sendable {
        var seq: Int64
        var amountCents: Int64
        var household: Int64 = -1
        var offer: Int64 = -1
        var debt: Int64 = -1
        var on: Int32
        var paymentRef: TextPool.Text?
        var kind: FundMovement.Kind

        init(seq: Int64, on: Int32, kind: FundMovement.Kind, amountCents: Int64, household: Int64 = -1, offer: Int64 = -1,
             debt: Int64 = -1, paymentRef: TextPool.Text? = nil) {
            self.seq = seq
            self.amountCents = amountCents
            self.household = household
            self.offer = offer
            self.debt = debt
            self.on = on
            self.paymentRef = paymentRef
            self.kind = kind
        }
    }

    struct Household: Sendable {
        var key: Int64
        var replaced = false
        var approachedOn: Int32
        var channel: Channel
        var answer: Answer?
        var enrolledOn: Int32?
        var adults: Int64 = 0
        var minors: Int64 = 0
        var adultChildren: Int64 = 0
        var coach: Int64?
        var intensity: Intensity?
        var causes: CodeList<Cause>?
        var problemAreas: CodeList<ProblemArea>?
        var priorHelp: CodeList<PriorHelp>?
        var typology: Typology?
        var inventoryCompletedOn: Int32?
        /// The household's most recent pause; each pause links to the one before.
        var lastPause: Int32 = -1
        var fundSpentCents: Int64 = 0
        var repayment: RepaymentView?
        var exitedOn: Int32?
        var exitReason: ExitReason?
        /// New debts reported after it left the program.
        var relapsed = false

        init(key: Int64, approachedOn: Int32, channel: Channel) {
            self.key = key
            self.approachedOn = approachedOn
            self.channel = channel
        }

        struct Typology: Sendable {
            var selfReliance: SelfReliance
            var multiproblem: Multiproblem
            var note: TextPool.Text?
            var on: Int32
        }
    }

    struct Debt: Sendable {
        var key: Int64
        var originalCents: Int64
        var currentCents: Int64
        var paidCents: Int64 = 0
        var costsCents: Int64 = 0
        var costsDuringPauseCents: Int64 = 0
        var household: Int32
        /// The ordinal of the creditor's name.
        var creditor: Int32
        var registeredOn: Int32
        var resolvedOn: Int32?
        var balanceRequestedOn: Int32?
        var category: DebtCategory
        var state: DebtState = .registered
        var resolution: DebtResolution?
        var preferential: Bool
        var lateClaim: Bool
    }

    struct Offer: Sendable {
        var key: Int64
        var debt: Int64
        var amountCents: Int64
        var household: Int32
        var sentOn: Int32
        var expiresOn: Int32
        /// The debt's record when the offer was sent, -1 if there was none then (`debt(of:_:)`).
        var debtSlot: Int32 = -1
        /// The same statuses as the write side's (`OfferView.status`).
        var status: OfferStatus = .open
        var decidedOn: Int32?
    }

    struct Pause: Sendable {
        var key: Int64
        var household: Int32
        var debts: Range<Int32>
        var from: Int32
        var until: Int32
        var liftedOn: Int32?
        var previous: Int32

        func covers(_ day: Int32) -> Bool { PauseView.covers(day, from: from, until: until, liftedOn: liftedOn) }
    }

    struct Development: Sendable {
        var household: Int32
        var seq: Int64
        var on: Int32
        var area: DevelopmentArea
        var direction: Direction
        var afterExit: Bool
    }
}

/// Where a debt stands (`DebtStatus.state`).
enum DebtState: String, Sendable {
    case registered, balanceRequested, confirmed, offered, accepted, rejected, resolved
}

/// How a debt was resolved (`DebtStatus.resolution`): by the fund, or as `DebtResolved` says.
enum DebtResolution: String, Sendable {
    case boughtOff, paidOff, waived, cancelled
    init(_ how: Resolution) { self.init(rawValue: how.rawValue)! }
}
