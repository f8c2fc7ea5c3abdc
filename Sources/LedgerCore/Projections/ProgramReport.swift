/// The program's figures: seed 000's one-year infographic, plus dropout and relapse (seeds 001
/// and 004). `--json` uses these keys; DESIGN.md lists the ones checks rely on.
public struct ProgramReport: Codable, Equatable, Sendable {
    public struct Households: Codable, Equatable, Sendable {
        public var approached = 0
        public var answers: [String: Int] = [:]
        public var enrolled = 0
        public var people: Int64 = 0
        public var adults: Int64 = 0
        public var minors: Int64 = 0
        public var adultChildren: Int64 = 0
        public var intensity: [String: Int] = [:]
        public var inventoried = 0
        public var debtFree = 0
        public var onlyRijksoverheidLeft = 0
        public var exited = 0
        public var droppedOut = 0
        /// Dropped out ÷ enrolled, in whole percent.
        public var dropoutPercent = 0
        /// Exited households that reported new debts afterwards.
        public var relapsed = 0
        public var relapsePercent = 0
    }

    public struct Circumstances: Codable, Equatable, Sendable {
        public var assessed = 0
        public var multipleCauses = 0
        public var causes: [String: Int] = [:]
        public var problemAreas: [String: Int] = [:]
        public var priorHelp: [String: Int] = [:]
        /// "Geen hulpverlening bekend": share of the prior-help mentions, in whole percent (as the infographic counts).
        public var priorHelpNoneKnownPercent = 0
    }

    /// Debt figures are over inventoried households (the infographic's n=14): a household
    /// still in its inventory has an incomplete list.
    public struct Debts: Codable, Equatable, Sendable {
        public var count = 0
        public var creditors = 0
        public var resolved = 0
        public var totalCents: Int64 = 0
        public var boughtOffCents: Int64 = 0
        public var averagePerHouseholdCents: Int64 = 0
        public var byCategoryCents: [String: Int64] = [:]
        public var lateClaims = 0
        public var costsDuringPauseCents: Int64 = 0
    }

    public struct Fund: Codable, Equatable, Sendable {
        public var depositedCents: Int64 = 0
        public var repaidCents: Int64 = 0
        public var paidCents: Int64 = 0
        public var committedCents: Int64 = 0
        public var availableCents: Int64 = 0
        /// Debt resolved by buy-off per euro paid, to two decimals.
        public var leverage: Double = 0
    }

    public var seq: Int64 = 0
    public var households = Households()
    public var circumstances = Circumstances()
    public var debts = Debts()
    public var fund = Fund()
    public var typology: [String: Int] = [:]
    public var typologyRule = Typology.ruleVersion

    public init(_ projection: ProgramProjection) {
        seq = projection.seq
        let all = projection.households.values
        households.approached = all.count
        for answer in Answer.allCases { households.answers[answer.rawValue] = all.filter { $0.answer == answer.rawValue }.count }
        let enrolled = all.filter(\.isEnrolled)
        households.enrolled = enrolled.count
        households.adults = enrolled.reduce(0) { $0 + $1.adults }
        households.minors = enrolled.reduce(0) { $0 + $1.minors }
        households.adultChildren = enrolled.reduce(0) { $0 + $1.adultChildren }
        households.people = households.adults + households.minors + households.adultChildren
        for level in Intensity.allCases { households.intensity[level.rawValue] = enrolled.filter { $0.intensity == level.rawValue }.count }
        let inventoried = enrolled.filter(\.isInventoried)
        households.inventoried = inventoried.count
        households.debtFree = inventoried.filter(\.isDebtFree).count
        households.onlyRijksoverheidLeft = inventoried.filter(\.onlyRijksoverheidLeft).count
        let exited = enrolled.filter { $0.exitedOn != nil }
        households.exited = exited.count
        households.droppedOut = exited.filter { $0.exitReason == ExitReason.droppedOut.rawValue }.count
        households.dropoutPercent = percent(households.droppedOut, of: enrolled.count)
        households.relapsed = exited.filter(\.relapsed).count
        households.relapsePercent = percent(households.relapsed, of: exited.count)

        let assessed = enrolled.filter { $0.causes != nil }
        circumstances.assessed = assessed.count
        circumstances.multipleCauses = assessed.filter { ($0.causes?.count ?? 0) > 1 }.count
        for value in Cause.allCases { circumstances.causes[value.rawValue] = assessed.filter { $0.causes!.contains(value.rawValue) }.count }
        for value in ProblemArea.allCases { circumstances.problemAreas[value.rawValue] = assessed.filter { $0.problemAreas!.contains(value.rawValue) }.count }
        for value in PriorHelp.allCases { circumstances.priorHelp[value.rawValue] = assessed.filter { $0.priorHelp!.contains(value.rawValue) }.count }
        circumstances.priorHelpNoneKnownPercent = percent(circumstances.priorHelp["none"] ?? 0, of: circumstances.priorHelp.values.reduce(0, +))

        let debtList = inventoried.flatMap(\.debts.values)
        debts.count = debtList.count
        debts.creditors = Set(debtList.map(\.creditor)).count
        debts.resolved = debtList.filter { $0.resolution != nil }.count
        debts.totalCents = debtList.reduce(0) { $0 + $1.currentCents }
        debts.boughtOffCents = debtList.filter { $0.resolution == "boughtOff" }.reduce(0) { $0 + $1.currentCents }
        debts.averagePerHouseholdCents = inventoried.isEmpty ? 0 : (debts.totalCents + Int64(inventoried.count) / 2) / Int64(inventoried.count)
        for category in DebtCategory.allCases {
            debts.byCategoryCents[category.rawValue] = debtList.filter { $0.category == category.rawValue }.reduce(0) { $0 + $1.currentCents }
        }
        debts.lateClaims = debtList.filter(\.lateClaim).count
        debts.costsDuringPauseCents = debtList.reduce(0) { $0 + $1.costsDuringPauseCents }

        let ledger = projection.fund
        fund = Fund(depositedCents: ledger.depositedCents, repaidCents: ledger.repaidCents, paidCents: ledger.paidCents,
                    committedCents: ledger.committedCents, availableCents: ledger.availableCents,
                    leverage: ledger.paidCents == 0 ? 0 : (Double(debts.boughtOffCents) / Double(ledger.paidCents) * 100).rounded() / 100)

        for quadrant in Typology.quadrants { typology[quadrant] = 0 }
        for household in enrolled {
            if let quadrant = Typology.classify(household).quadrant { typology[quadrant, default: 0] += 1 }
        }
    }
}

/// Whole percent, rounded half up; 0 of 0 is 0.
func percent(_ part: Int, of whole: Int) -> Int {
    whole == 0 ? 0 : (part * 200 + whole) / (2 * whole)
}
