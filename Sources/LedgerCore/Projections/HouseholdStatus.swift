/// Where a household stands: the coach's view, folded from its events.
public struct HouseholdStatus: Codable, Equatable, Sendable {
    public var id: String
    public var approachedOn: Int
    public var channel: String
    public var answer: String?
    public var enrolledOn: Int?
    public var adults: Int64 = 0
    public var minors: Int64 = 0
    public var adultChildren: Int64 = 0
    public var coach: String?
    public var intensity: String?
    public var causes: [String]?
    public var problemAreas: [String]?
    public var priorHelp: [String]?
    public var typologyAssessment: TypologyAssessment?
    public var developments: [Development] = []
    public var inventoryCompletedOn: Int?
    public var debts: [String: DebtStatus] = [:]
    public var offers: [String: OfferView] = [:]
    public var pauses: [String: PauseView] = [:]
    /// Fund money paid for this household's debts, net of reversals.
    public var fundSpentCents: Int64 = 0
    public var repayment: RepaymentView?
    public var exitedOn: Int?
    public var exitReason: String?

    public init(id: String, approachedOn: Int, channel: String) {
        self.id = id
        self.approachedOn = approachedOn
        self.channel = channel
    }

    public var people: Int64 { adults + minors + adultChildren }
    public var isEnrolled: Bool { enrolledOn != nil }
    public var isInventoried: Bool { inventoryCompletedOn != nil }
    public var openDebts: [DebtStatus] { debts.values.filter { $0.resolution == nil } }

    /// approached → enrolled → inventory → buy-off → guidance → exited; or declined.
    public var phase: Phase {
        if exitedOn != nil { return .exited }
        guard isEnrolled else { return answer == "no" ? .declined : .approached }
        if debts.isEmpty { return .enrolled }
        guard isInventoried else { return .inventory }
        return openDebts.isEmpty ? .guidance : .buyOff
    }

    public enum Phase: String, Codable, CaseIterable, Sendable {
        case approached, declined, enrolled, inventory, buyOff = "buy-off", guidance, exited
    }

    /// Every registered debt is resolved (bought off or otherwise), after the inventory.
    public var isDebtFree: Bool { isInventoried && !debts.isEmpty && openDebts.isEmpty }
    /// All debts resolved except some owed to the national government.
    public var onlyRijksoverheidLeft: Bool {
        let open = openDebts
        return isInventoried && !open.isEmpty && open.allSatisfy { $0.category == DebtCategory.rijksoverheid.rawValue }
    }

    /// A relapse (seeds 001, 004): new debts reported after the household left the program.
    public var relapsed: Bool { developments.contains { $0.afterExit && $0.area == DevelopmentArea.newDebts.rawValue && $0.direction == Direction.worsened.rawValue } }
}

public struct TypologyAssessment: Codable, Equatable, Sendable {
    public var selfReliance: String
    public var multiproblem: String
    public var note: String?
    public var on: Int
}

public struct Development: Codable, Equatable, Sendable {
    public var seq: Int64
    public var on: Int
    public var area: String
    public var direction: String
    public var afterExit: Bool
}

public struct DebtStatus: Codable, Equatable, Sendable {
    public var id: String
    public var creditor: String
    public var category: String
    public var originalCents: Int64
    public var currentCents: Int64
    public var preferential: Bool
    public var lateClaim: Bool
    public var registeredOn: Int
    /// registered, balanceRequested, confirmed, offered, accepted, rejected, resolved
    public var state: String = "registered"
    /// boughtOff (by the fund), paidOff, waived, cancelled; nil while open.
    public var resolution: String?
    public var resolvedOn: Int?
    /// What the fund paid for it, when bought off.
    public var paidCents: Int64 = 0
    public var balanceRequestedOn: Int?
    public var costsCents: Int64 = 0
    /// Costs added while a pause covered the debt: what the pause button should have prevented.
    public var costsDuringPauseCents: Int64 = 0
}

public struct OfferView: Codable, Equatable, Sendable {
    public var debt: String
    public var amountCents: Int64
    public var sentOn: Int
    public var expiresOn: Int
    /// open, accepted, rejected, withdrawn, paid, reversed
    public var status: String = "open"
    public var decidedOn: Int?
}

public struct PauseView: Codable, Equatable, Sendable {
    public var debts: [String]
    public var from: Int
    public var until: Int
    public var liftedOn: Int?

    /// Whether the pause covers `day`.
    public func covers(_ day: Int) -> Bool { Self.covers(day, from: from, until: until, liftedOn: liftedOn) }

    /// A pause covers the days from `from` up to `until`, or up to the day it was lifted.
    static func covers<Day: Comparable>(_ day: Day, from: Day, until: Day, liftedOn: Day?) -> Bool {
        from <= day && day < (liftedOn.map { min($0, until) } ?? until)
    }
}

public struct RepaymentView: Codable, Equatable, Sendable {
    public var monthlyCents: Int64
    public var months: Int64
    public var inKind: Bool
    public var receivedCents: Int64 = 0
}
