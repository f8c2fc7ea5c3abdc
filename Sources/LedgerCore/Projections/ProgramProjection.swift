/// Everything the read side knows: households with their debts, offers and pauses; the fund;
/// the creditors — as the views and the projection files show it. A replay folds the log into
/// a `CompactProjection` and materialises this from it (`init(_:)`); a checkpoint is this,
/// read back from the files.
public struct ProgramProjection: Codable, Equatable, Sendable {
    /// Seq of the last event folded in.
    public var seq: Int64 = 0
    /// The latest business date folded in.
    public var lastEffective: Int = 0
    public var fund = FundLedger()
    public var households: [String: HouseholdStatus] = [:]
    public var creditors: [String: CreditorStats] = [:]

    public init() {}
}
