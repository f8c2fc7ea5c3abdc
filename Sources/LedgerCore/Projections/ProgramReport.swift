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

    /// The figures, straight from the compact model: one pass over the debts and one over the
    /// households, so a national program's report takes the time it takes to look at each once.
    public init(_ model: CompactProjection) {
        seq = model.seq
        func zeros(_ names: [String]) -> [String: Int] { Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }) }
        households.answers = zeros(Answer.allCases.map(\.rawValue))
        households.intensity = zeros(Intensity.allCases.map(\.rawValue))
        typology = zeros(Typology.quadrants)
        var causes = [Int](repeating: 0, count: Cause.allCases.count)
        var areas = [Int](repeating: 0, count: ProblemArea.allCases.count)
        var help = [Int](repeating: 0, count: PriorHelp.allCases.count)
        // `allCases` builds a new array per call: taken once here, looked up per debt below.
        let categories = DebtCategory.allCases, causeCases = Cause.allCases, areaCases = ProblemArea.allCases, helpCases = PriorHelp.allCases
        var byCategory = [Int64](repeating: 0, count: categories.count)

        // Per household record: its debts, the open ones, and the open ones not owed to the state.
        var debtCount = [Int32](repeating: 0, count: model.households.count)
        var openCount = debtCount, openNotRijksoverheid = debtCount
        var creditorSeen = [Bool](repeating: false, count: model.texts.internedTexts.count)
        for debt in model.debts {
            let h = Int(debt.household), household = model.households[h]
            guard !household.replaced else { continue }
            debtCount[h] += 1
            if debt.resolution == nil {
                openCount[h] += 1
                if debt.category != .rijksoverheid { openNotRijksoverheid[h] += 1 }
            }
            // Debt figures are over inventoried households: their lists are complete.
            guard household.enrolledOn != nil, household.inventoryCompletedOn != nil else { continue }
            self.debts.count += 1
            if !creditorSeen[Int(debt.creditor)] {
                creditorSeen[Int(debt.creditor)] = true
                self.debts.creditors += 1
            }
            if debt.resolution != nil { self.debts.resolved += 1 }
            self.debts.totalCents += debt.currentCents
            if debt.resolution == .boughtOff { self.debts.boughtOffCents += debt.currentCents }
            byCategory[categories.firstIndex(of: debt.category)!] += debt.currentCents
            if debt.lateClaim { self.debts.lateClaims += 1 }
            self.debts.costsDuringPauseCents += debt.costsDuringPauseCents
        }

        // Typology reads developments and notes as the views show them: only enrolled households
        // are typed, and only theirs are built.
        // Each household's quadrant as its index (-1 for none): a byte per household, not a status.
        let quadrants = model.householdStatuses(including: { $0.enrolledOn != nil }) { status in
            Int8(Typology.classify(status).quadrant.flatMap { Typology.quadrants.firstIndex(of: $0) } ?? -1)
        }
        for (h, household) in model.households.enumerated() where !household.replaced {
            households.approached += 1
            if let answer = household.answer { households.answers[answer.rawValue]! += 1 }
            guard household.enrolledOn != nil else { continue }
            households.enrolled += 1
            households.adults += household.adults
            households.minors += household.minors
            households.adultChildren += household.adultChildren
            if let level = household.intensity { households.intensity[level.rawValue]! += 1 }
            if household.inventoryCompletedOn != nil {
                households.inventoried += 1
                if debtCount[h] > 0 && openCount[h] == 0 { households.debtFree += 1 }
                if openCount[h] > 0 && openNotRijksoverheid[h] == 0 { households.onlyRijksoverheidLeft += 1 }
            }
            if household.exitedOn != nil {
                households.exited += 1
                if household.exitReason == .droppedOut { households.droppedOut += 1 }
                if household.relapsed { households.relapsed += 1 }
            }
            if let assessed = household.causes {
                circumstances.assessed += 1
                if assessed.count > 1 { circumstances.multipleCauses += 1 }
                // A household counts once per value it names.
                for value in assessed.values { causes[causeCases.firstIndex(of: value)!] += 1 }
                for value in household.problemAreas?.values ?? [] { areas[areaCases.firstIndex(of: value)!] += 1 }
                for value in household.priorHelp?.values ?? [] { help[helpCases.firstIndex(of: value)!] += 1 }
            }
            if let quadrant = quadrants[h], quadrant >= 0 { typology[Typology.quadrants[Int(quadrant)], default: 0] += 1 }
        }
        circumstances.causes = Dictionary(uniqueKeysWithValues: zip(Cause.allCases.map(\.rawValue), causes))
        circumstances.problemAreas = Dictionary(uniqueKeysWithValues: zip(ProblemArea.allCases.map(\.rawValue), areas))
        circumstances.priorHelp = Dictionary(uniqueKeysWithValues: zip(PriorHelp.allCases.map(\.rawValue), help))
        debts.byCategoryCents = Dictionary(uniqueKeysWithValues: zip(DebtCategory.allCases.map(\.rawValue), byCategory))
        households.people = households.adults + households.minors + households.adultChildren
        households.dropoutPercent = percent(households.droppedOut, of: households.enrolled)
        households.relapsePercent = percent(households.relapsed, of: households.exited)
        circumstances.priorHelpNoneKnownPercent = percent(circumstances.priorHelp["none"] ?? 0, of: help.reduce(0, +))
        let inventoried = Int64(households.inventoried)
        debts.averagePerHouseholdCents = inventoried == 0 ? 0 : (debts.totalCents + inventoried / 2) / inventoried

        let fund = model.fund
        self.fund = Fund(depositedCents: fund.depositedCents, repaidCents: fund.repaidCents, paidCents: fund.paidCents,
                         committedCents: fund.committedCents, availableCents: fund.depositedCents + fund.repaidCents - fund.paidCents - fund.committedCents,
                         leverage: fund.paidCents == 0 ? 0 : (Double(debts.boughtOffCents) / Double(fund.paidCents) * 100).rounded() / 100)
    }
}

/// Whole percent, rounded half up; 0 of 0 is 0.
func percent(_ part: Int, of whole: Int) -> Int {
    whole == 0 ? 0 : (part * 200 + whole) / (2 * whole)
}
