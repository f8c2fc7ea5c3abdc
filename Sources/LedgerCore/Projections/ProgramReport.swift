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

    /// One pass over the households: the report of a national program is computed in the
    /// time it takes to look at each household and debt once.
    public init(_ projection: ProgramProjection) {
        seq = projection.seq
        func zeros(_ names: [String]) -> [String: Int] { Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }) }
        households.answers = zeros(Answer.allCases.map(\.rawValue))
        households.intensity = zeros(Intensity.allCases.map(\.rawValue))
        circumstances.causes = zeros(Cause.allCases.map(\.rawValue))
        circumstances.problemAreas = zeros(ProblemArea.allCases.map(\.rawValue))
        circumstances.priorHelp = zeros(PriorHelp.allCases.map(\.rawValue))
        debts.byCategoryCents = Dictionary(uniqueKeysWithValues: DebtCategory.allCases.map { ($0.rawValue, Int64(0)) })
        typology = zeros(Typology.quadrants)
        var creditorNames = Set<String>()

        for household in projection.households.values {
            households.approached += 1
            if let answer = household.answer { households.answers[answer]? += 1 }
            guard household.isEnrolled else { continue }
            households.enrolled += 1
            households.adults += household.adults
            households.minors += household.minors
            households.adultChildren += household.adultChildren
            if let level = household.intensity { households.intensity[level]? += 1 }
            if household.isInventoried {
                households.inventoried += 1
                if household.isDebtFree { households.debtFree += 1 }
                if household.onlyRijksoverheidLeft { households.onlyRijksoverheidLeft += 1 }
                for debt in household.debts.values {
                    debts.count += 1
                    creditorNames.insert(debt.creditor)
                    if debt.resolution != nil { debts.resolved += 1 }
                    debts.totalCents += debt.currentCents
                    if debt.resolution == "boughtOff" { debts.boughtOffCents += debt.currentCents }
                    debts.byCategoryCents[debt.category]? += debt.currentCents
                    if debt.lateClaim { debts.lateClaims += 1 }
                    debts.costsDuringPauseCents += debt.costsDuringPauseCents
                }
            }
            if household.exitedOn != nil {
                households.exited += 1
                if household.exitReason == ExitReason.droppedOut.rawValue { households.droppedOut += 1 }
                if household.relapsed { households.relapsed += 1 }
            }
            if let causes = household.causes {
                circumstances.assessed += 1
                if causes.count > 1 { circumstances.multipleCauses += 1 }
                // A household counts once per value it names.
                for value in Cause.allCases where causes.contains(value.rawValue) { circumstances.causes[value.rawValue]! += 1 }
                for value in ProblemArea.allCases where household.problemAreas?.contains(value.rawValue) == true { circumstances.problemAreas[value.rawValue]! += 1 }
                for value in PriorHelp.allCases where household.priorHelp?.contains(value.rawValue) == true { circumstances.priorHelp[value.rawValue]! += 1 }
            }
            if let quadrant = Typology.classify(household).quadrant { typology[quadrant, default: 0] += 1 }
        }
        households.people = households.adults + households.minors + households.adultChildren
        households.dropoutPercent = percent(households.droppedOut, of: households.enrolled)
        households.relapsePercent = percent(households.relapsed, of: households.exited)
        circumstances.priorHelpNoneKnownPercent = percent(circumstances.priorHelp["none"] ?? 0, of: circumstances.priorHelp.values.reduce(0, +))
        debts.creditors = creditorNames.count
        let inventoried = Int64(households.inventoried)
        debts.averagePerHouseholdCents = inventoried == 0 ? 0 : (debts.totalCents + inventoried / 2) / inventoried

        let ledger = projection.fund
        fund = Fund(depositedCents: ledger.depositedCents, repaidCents: ledger.repaidCents, paidCents: ledger.paidCents,
                    committedCents: ledger.committedCents, availableCents: ledger.availableCents,
                    leverage: ledger.paidCents == 0 ? 0 : (Double(debts.boughtOffCents) / Double(ledger.paidCents) * 100).rounded() / 100)
    }
}

/// Whole percent, rounded half up; 0 of 0 is 0.
func percent(_ part: Int, of whole: Int) -> Int {
    whole == 0 ? 0 : (part * 200 + whole) / (2 * whole)
}
