/// The auditor's fund statement over a period of business dates: the balances at its opening,
/// every movement in it with its seq (each payment with the acceptance it pays and the debt it
/// buys off), the balances at its close, and the trial balance at the close.
public struct FundStatement: Codable, Equatable, Sendable {
    public struct Balances: Codable, Equatable, Sendable {
        public var depositedCents: Int64 = 0
        public var repaidCents: Int64 = 0
        public var paidCents: Int64 = 0
        public var committedCents: Int64 = 0
        public var cashCents: Int64 { depositedCents + repaidCents - paidCents }
        public var availableCents: Int64 { cashCents - committedCents }

        public init() {}

        public mutating func apply(_ movement: FundMovement) {
            switch movement.kind {
            case .deposit: depositedCents += movement.amountCents
            case .repayment: repaidCents += movement.amountCents
            case .commitment: committedCents += movement.amountCents
            case .release: committedCents -= movement.amountCents
            case .payment:
                paidCents += movement.amountCents
                committedCents -= movement.amountCents
            case .reversal: paidCents -= movement.amountCents
            }
        }

        var trialBalance: [TrialBalanceLine] {
            var ledger = FundLedger()
            ledger.depositedCents = depositedCents
            ledger.repaidCents = repaidCents
            ledger.paidCents = paidCents
            ledger.committedCents = committedCents
            return ledger.trialBalance
        }
    }

    public struct Row: Codable, Equatable, Sendable {
        public var movement: FundMovement
        /// For a payment or a release: the seq of the acceptance that committed the money.
        public var acceptedAtSeq: Int64?
    }

    public var fund: String?
    public var from: String?
    public var to: String?
    public var opening: Balances
    public var rows: [Row]
    public var closing: Balances
    public var closingAvailableCents: Int64
    public var trialBalance: [TrialBalanceLine]
    public var trialBalanceSumCents: Int64

    public init(_ ledger: FundLedger, from: Int? = nil, to: Int? = nil) {
        fund = ledger.fund
        self.from = from.map(CalendarDate.formatDate)
        self.to = to.map(CalendarDate.formatDate)
        var opening = Balances(), closing = Balances()
        var accepted: [String: Int64] = [:]
        rows = []
        for movement in ledger.movements {
            if movement.kind == .commitment, let offer = movement.offer { accepted[offer] = movement.seq }
            if let from, movement.on < from { opening.apply(movement) }
            if let to, movement.on > to { continue }
            closing.apply(movement)
            if from.map({ movement.on >= $0 }) ?? true {
                let acceptance = [.payment, .release].contains(movement.kind) ? movement.offer.flatMap { accepted[$0] } : nil
                rows.append(Row(movement: movement, acceptedAtSeq: acceptance))
            }
        }
        self.opening = opening
        self.closing = closing
        closingAvailableCents = closing.availableCents
        trialBalance = closing.trialBalance
        trialBalanceSumCents = trialBalance.reduce(0) { $0 + $1.cents }
    }
}
