/// The buy-off fund as double entry: every movement with its seq, and balances that follow.
public struct FundLedger: Codable, Equatable, Sendable {
    public var fund: String?
    public var depositedCents: Int64 = 0
    public var repaidCents: Int64 = 0
    public var committedCents: Int64 = 0
    public var paidCents: Int64 = 0
    public var movements: [FundMovement] = []

    public init() {}

    public var cashCents: Int64 { depositedCents + repaidCents - paidCents }
    public var availableCents: Int64 { cashCents - committedCents }

    /// The trial balance: each account's debit (+) or credit (−); the lines sum to zero.
    /// Commitments earmark cash for accepted offers without moving it.
    public var trialBalance: [TrialBalanceLine] {
        [
            TrialBalanceLine(account: "fund cash", cents: cashCents),
            TrialBalanceLine(account: "settlements paid out", cents: paidCents),
            TrialBalanceLine(account: "deposits", cents: -depositedCents),
            TrialBalanceLine(account: "repayments", cents: -repaidCents),
            TrialBalanceLine(account: "earmarked for accepted offers", cents: committedCents),
            TrialBalanceLine(account: "cash earmarked", cents: -committedCents),
        ]
    }
}

public struct TrialBalanceLine: Codable, Equatable, Sendable {
    public var account: String
    public var cents: Int64
}

public struct FundMovement: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case deposit, commitment, release, payment, reversal, repayment }
    public var seq: Int64
    public var on: Int
    public var kind: Kind
    public var amountCents: Int64
    public var household: String?
    public var offer: String?
    public var debt: String?
    public var paymentRef: String?
}

/// Per creditor: what is owed to it and how it deals with the program.
public struct CreditorStats: Codable, Equatable, Sendable {
    public var balanceRequests = 0
    public var balanceAnswers = 0
    /// Days between request and answer, summed over the answered requests.
    public var responseDays = 0
    public var offersSent = 0
    public var offersAccepted = 0
    public var offersRejected = 0
    /// Days between offer and acceptance, summed over the accepted offers.
    public var acceptanceDays = 0
    public var costsCents: Int64 = 0
    public var costsDuringPauseCents: Int64 = 0

    public init() {}
}
