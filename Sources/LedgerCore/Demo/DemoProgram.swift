/// The deterministic demo generator. Without a size it tells the story of seed 000's first year
/// (April 2024 – April 2025) so that the report gives exactly the infographic's figures; with a
/// size it makes a synthetic program of that many households with the same distributions.
public enum DemoProgram {
    public static let defaultSeed: UInt64 = 2024
    static let start = CalendarDate.parseDate("2024-04-02")!
    static let end = CalendarDate.parseDate("2025-04-30")!

    /// Events in log order, in the batches they are appended in, each with its recording time.
    public struct Batch: Sendable {
        public var recordedAt: Int64
        public var events: [PendingEvent]
    }

    // MARK: seed 000

    /// Seed 000's figures (DESIGN.md, "Seed figures").
    enum Immerloo {
        static let approached = 33, maybe = 7, no = 11
        static let debtCount = 370, openCount = 97, boughtOffCount = 160
        static let boughtOffCents: Int64 = 31_636_900
        static let paidCents: Int64 = 10_198_837
        static let categoryCents: [(DebtCategory, Int64, Int)] = [
            // (category, total, number of debts)
            (.rijksoverheid, 34_959_500, 78), (.wonen, 13_865_200, 34), (.zorg, 8_896_500, 70), (.energie, 5_241_700, 32),
            (.gemeente, 3_120_600, 26), (.onderwijs, 2_739_000, 14), (.telecom, 1_873_400, 38), (.overig, 5_577_100, 78),
        ]
        /// Debts per inventoried household, in order of enrolment; the three largest are the
        /// households with debts still open in several categories.
        static let debtsPerHousehold = [27, 24, 26, 30, 28, 41, 25, 22, 24, 21, 35, 19, 17, 31]
        /// 7 debt-free (D), 4 with only rijksoverheid left (R), 3 with more left (M), by enrolment.
        static let classes: [Character] = ["D", "D", "R", "D", "D", "M", "D", "R", "D", "R", "M", "D", "R", "M"]
        static let compositions: [(Int64, Int64, Int64)] = [
            (1, 3, 1), (2, 2, 0), (1, 4, 2), (1, 1, 1), (2, 0, 0), (1, 2, 1), (1, 3, 0), (2, 2, 2),
            (1, 1, 1), (1, 3, 0), (2, 2, 1), (1, 0, 2), (2, 2, 1), (1, 3, 0), (2, 1, 1),
        ]
        static let intensities: [Intensity] = [.intensive, .average, .intensive, .minimal, .intensive, .intensive, .average, .intensive,
                                               .minimal, .intensive, .average, .intensive, .minimal, .average, .intensive]
        /// Prior help of the 13 households whose circumstances were assessed: 6 of 13 mentions "none known" (46%).
        static let priorHelp: [PriorHelp] = [.none, .financialAid, .none, .neighbourhoodCoach, .none, .mentalHealthCare, .financialAid,
                                              .none, .youthCare, .workAndIncome, .none, .wmoSupport, .none]
    }

    public static func immerloo(seed: UInt64 = defaultSeed) -> [Batch] {
        var r = SplitMix64(seed: seed)
        // Who answers what: the 33rd household is the last to say yes, enrolled in the final weeks.
        var answers = Array(repeating: Answer.yes, count: 14) + Array(repeating: .maybe, count: Immerloo.maybe)
            + Array(repeating: .no, count: Immerloo.no)
        r.shuffle(&answers)
        answers.append(.yes)
        var scripts: [HouseholdScript] = []
        var enrolledIndex = 0
        for (index, answer) in answers.enumerated() {
            let number = index + 1
            let id = "HH-\(number < 10 ? "00" : "0")\(number)"
            let approachedOn = start + 6 + index * 8 + r.int(0...4) + (number == 33 ? 30 : 0)
            var script = HouseholdScript(id: id, approachedOn: approachedOn, channel: r.pick([.doorToDoor, .doorToDoor, .letter, .referral, .earlySignal]),
                                         answer: answer, reason: answer == .no ? r.pick(["voldoet niet aan de criteria", "wil geen hulp", "heeft al bewindvoering"]) : nil)
            if answer == .yes {
                script.enrolment = enrolment(enrolledIndex, &r)
                enrolledIndex += 1
            }
            scripts.append(script)
        }
        let inventoried = scripts.indices.filter { scripts[$0].enrolment != nil && scripts[$0].id != "HH-033" }
        precondition(inventoried.count == 14)
        let plans = immerlooDebts(households: inventoried.map { scripts[$0].id }, &r)
        for (rank, index) in inventoried.enumerated() {
            scripts[index].debts = plans[rank]
            scripts[index].inventoried = true
            scripts[index].pause = rank % 2 == 0 || rank == 5
        }
        // The last household is still making its inventory at the end of the year.
        scripts[32].debts = (1...4).map { n in
            DebtPlan(id: "HH-033/D-00\(n)", creditor: r.pick(DemoCreditors.names(.rijksoverheid)), category: .rijksoverheid,
                     finalCents: Int64(r.int(40_000...400_000)), fate: .open(offer: .none))
        }
        let deposits = [(start, Int64(30_000_000)), (CalendarDate.parseDate("2024-10-01")!, Int64(12_500_000))]
        return batches(scripts: scripts, deposits: deposits, &r)
    }

    private static func enrolment(_ index: Int, _ r: inout SplitMix64) -> HouseholdScript.Enrolment {
        let (adults, minors, adultChildren) = Immerloo.compositions[index]
        var e = HouseholdScript.Enrolment(adults: adults, minors: minors, adultChildren: adultChildren,
                                          coach: "coach-0\(index % 4 + 1)", intensity: Immerloo.intensities[index])
        // 13 assessed: the last two enrolled are typed by their coach instead.
        if index < 13 {
            var causes = [r.pick(Cause.allCases)]
            if r.chance(0.65) { causes.append(r.pick(Cause.allCases.filter { $0 != causes[0] })) }
            e.causes = causes
            e.problemAreas = [.financial] + ProblemArea.allCases.dropFirst().filter { _ in r.chance(0.35) }
            e.priorHelp = [Immerloo.priorHelp[index]]
        }
        if index >= 13 || r.chance(0.3) {
            e.coachTypology = (r.pick(SelfReliance.allCases), r.pick(Multiproblem.allCases))
        }
        if index == 2 || index == 9 { e.newCoach = "coach-0\((index + 2) % 4 + 1)" }
        return e
    }

    /// The 370 debts of the 14 inventoried households, with categories, creditors, fates and
    /// amounts chosen so that every seed figure comes out exactly.
    private static func immerlooDebts(households: [String], _ r: inout SplitMix64) -> [[DebtPlan]] {
        // Categories, shuffled over the households.
        var categories = Immerloo.categoryCents.flatMap { Array(repeating: $0.0, count: $0.2) }
        r.shuffle(&categories)
        var perHousehold: [[DebtCategory]] = []
        var next = 0
        for count in Immerloo.debtsPerHousehold {
            perHousehold.append(Array(categories[next..<(next + count)]))
            next += count
        }
        // Households left with only rijksoverheid debts need at least one.
        for h in perHousehold.indices where Immerloo.classes[h] == "R" && !perHousehold[h].contains(.rijksoverheid) {
            let donor = perHousehold.indices.first { Immerloo.classes[$0] == "D" && perHousehold[$0].filter { $0 == .rijksoverheid }.count > 1 }!
            let from = perHousehold[donor].firstIndex(of: .rijksoverheid)!
            let to = perHousehold[h].firstIndex { $0 != .rijksoverheid }!
            (perHousehold[donor][from], perHousehold[h][to]) = (perHousehold[h][to], perHousehold[donor][from])
        }
        var plans: [[DebtPlan]] = perHousehold.enumerated().map { h, categories in
            categories.enumerated().map { n, category in
                let number = n + 1
                return DebtPlan(id: "\(households[h])/D-\(number < 10 ? "00" : number < 100 ? "0" : "")\(number)", creditor: "",
                                category: category, finalCents: 0, fate: .open(offer: .none))
            }
        }
        let all = plans.indices.flatMap { h in plans[h].indices.map { (h, $0) } }

        // Creditors: each of the 112 at least once, then mostly the big ones.
        for (category, _, _) in Immerloo.categoryCents {
            let names = DemoCreditors.names(category)
            var slots = all.filter { plans[$0.0][$0.1].category == category }
            r.shuffle(&slots)
            for (n, (h, d)) in slots.enumerated() {
                plans[h][d].creditor = n < names.count ? names[n] : names[Int(Double(names.count) * r.unit() * r.unit())]
            }
        }

        // Which debts stay open: rijksoverheid debts of the R households, anything of the M households.
        var open: Set<String> = []
        for h in plans.indices where Immerloo.classes[h] != "D" {
            let required = plans[h].first { Immerloo.classes[h] == "R" ? $0.category == .rijksoverheid : $0.category != .rijksoverheid }!
            open.insert(required.id)
        }
        var candidates = all.filter { h, d in
            Immerloo.classes[h] == "M" || (Immerloo.classes[h] == "R" && plans[h][d].category == .rijksoverheid)
        }.map { plans[$0.0][$0.1].id }.filter { !open.contains($0) }
        r.shuffle(&candidates)
        for id in candidates.prefix(Immerloo.openCount - open.count) { open.insert(id) }
        precondition(open.count == Immerloo.openCount)

        // Of the resolved debts, 160 are bought off by the fund.
        var resolved = all.filter { !open.contains(plans[$0.0][$0.1].id) }
        r.shuffle(&resolved)
        let boughtOff = Set(resolved.prefix(Immerloo.boughtOffCount).map { plans[$0.0][$0.1].id })

        // Amounts: natural sizes, scaled per category to its total, then bought-off and other
        // debts within each category scaled apart so that the bought-off total is exact.
        var weights: [String: Double] = [:]
        for (h, d) in all { weights[plans[h][d].id] = DemoCreditors.typicalEuros(plans[h][d].category) * r.skewed() }
        var amounts: [String: Int64] = [:]
        var boughtTargets: [(DebtCategory, Double)] = []
        for (category, total, _) in Immerloo.categoryCents {
            let ids = all.map { plans[$0.0][$0.1] }.filter { $0.category == category }.map(\.id)
            let sum = ids.reduce(0.0) { $0 + weights[$1]! }
            let bought = ids.filter { boughtOff.contains($0) }.reduce(0.0) { $0 + weights[$1]! } / sum * Double(total)
            boughtTargets.append((category, bought))
        }
        let factor = Double(Immerloo.boughtOffCents) / boughtTargets.reduce(0.0) { $0 + $1.1 }
        var assigned: Int64 = 0
        for (index, (category, total, _)) in Immerloo.categoryCents.enumerated() {
            let ids = all.map { plans[$0.0][$0.1] }.filter { $0.category == category }.map(\.id)
            let last = index == Immerloo.categoryCents.count - 1
            let bought = last ? Immerloo.boughtOffCents - assigned : Int64((boughtTargets[index].1 * factor).rounded())
            assigned += bought
            distribute(bought, over: ids.filter { boughtOff.contains($0) }, weights, into: &amounts)
            distribute(total - bought, over: ids.filter { !boughtOff.contains($0) }, weights, into: &amounts)
        }

        // What the fund pays: 20–45% of each bought-off debt, scaled so the total is what seed 000 spent.
        let shares = all.map { plans[$0.0][$0.1].id }.filter { boughtOff.contains($0) }.map { ($0, 0.2 + 0.25 * r.unit()) }
        let raw = shares.reduce(0.0) { $0 + Double(amounts[$1.0]!) * $1.1 }
        var payments: [String: Int64] = [:]
        distribute(Immerloo.paidCents, over: shares.map(\.0), Dictionary(uniqueKeysWithValues: shares.map { ($0.0, Double(amounts[$0.0]!) * $0.1 / raw) }), into: &payments)

        for h in plans.indices {
            for d in plans[h].indices {
                let id = plans[h][d].id
                plans[h][d].finalCents = amounts[id]!
                plans[h][d].balanceCheck = r.chance(0.55)
                plans[h][d].lateClaim = d >= plans[h].count - 1 && h % 3 == 0
                if r.chance(0.25) && amounts[id]! > 5_000 { plans[h][d].costsCents = max(1_500, amounts[id]! * Int64(r.int(2...9)) / 100) }
                if boughtOff.contains(id) {
                    plans[h][d].fate = .boughtOff(paidCents: payments[id]!, rejectedFirst: r.chance(0.2))
                } else if open.contains(id) {
                    plans[h][d].fate = .open(offer: r.chance(0.3) ? .rejected : r.chance(0.12) ? .pending : .none)
                } else {
                    plans[h][d].fate = .resolved(r.pick([.paidOff, .paidOff, .waived, .waived, .cancelled]))
                }
            }
        }
        return plans
    }

    /// Splits `total` cents over `ids` in proportion to their weights, exactly (the remainder
    /// goes to the largest).
    private static func distribute(_ total: Int64, over ids: [String], _ weights: [String: Double], into amounts: inout [String: Int64]) {
        guard !ids.isEmpty else {
            precondition(total == 0, "an amount with no debts to carry it")
            return
        }
        let sum = ids.reduce(0.0) { $0 + weights[$1]! }
        var given: Int64 = 0
        for id in ids {
            let share = max(100, Int64((Double(total) * weights[id]! / sum).rounded(.down)))
            amounts[id] = share
            given += share
        }
        let largest = ids.max { weights[$0]! < weights[$1]! }!
        amounts[largest]! += total - given
        precondition(amounts[largest]! > 0)
    }

    // MARK: synthetic programs

    /// A program of `households` approached households with seed 000's distributions of answers,
    /// categories, fates and amounts: about 45% enrolled, 39 debts per enrolled household on
    /// average. 12,000 give about a million events.
    public static func synthetic(households: Int, seed: UInt64 = defaultSeed) -> [Batch] {
        var r = SplitMix64(seed: seed)
        let width = max(3, String(households).count)
        var scripts: [HouseholdScript] = []
        var plannedPayments: Int64 = 0
        let categories = Immerloo.categoryCents.map { ($0.0, Double($0.2) / Double(Immerloo.debtCount)) }
        for index in 0..<households {
            let digits = String(index + 1)
            let id = "HH-" + String(repeating: "0", count: width - digits.count) + digits
            let approachedOn = start + 6 + Int(Double(index) / Double(max(1, households)) * 300) + r.int(0...6)
            let roll = r.unit()
            let answer: Answer = roll < 0.45 ? .yes : roll < 0.66 ? .maybe : .no
            var script = HouseholdScript(id: id, approachedOn: approachedOn, channel: r.pick(Channel.allCases), answer: answer,
                                         reason: answer == .no ? "voldoet niet aan de criteria" : nil)
            if answer == .yes {
                script.enrolment = enrolment(r.int(0...14), &r)
                script.inventoried = end - approachedOn > 110
                script.pause = r.chance(0.5)
                let kind = r.unit()
                // Larger than Immerloo's 26 a household on average: a national scale-up reaches the
                // households with the most debts too (and 12,000 households then give about a million events).
                let count = r.int(14...64)
                script.debts = (1...count).map { n in
                    var pick = r.unit()
                    let category = categories.first { pick -= $0.1; return pick < 0 }?.0 ?? .overig
                    let cents = Int64(DemoCreditors.typicalEuros(category) * r.skewed() * 100)
                    let open = kind < 0.5 ? false : kind < 0.8 ? category == .rijksoverheid && r.chance(0.7) : r.chance(0.4)
                    let fate: DebtPlan.Fate
                    if open {
                        fate = .open(offer: r.chance(0.3) ? .rejected : r.chance(0.1) ? .pending : .none)
                    } else if r.chance(0.6) {
                        let paid = max(100, Int64(Double(cents) * (0.2 + 0.25 * r.unit())))
                        plannedPayments += paid
                        fate = .boughtOff(paidCents: paid, rejectedFirst: r.chance(0.2))
                    } else {
                        fate = .resolved(r.pick(Resolution.allCases))
                    }
                    var plan = DebtPlan(id: "\(id)/D-\(n < 10 ? "00" : "0")\(n)", creditor: r.pick(DemoCreditors.names(category)),
                                        category: category, finalCents: max(1_000, cents), fate: fate)
                    plan.balanceCheck = r.chance(0.55)
                    plan.lateClaim = n == count && r.chance(0.3)
                    if r.chance(0.25) && cents > 5_000 { plan.costsCents = max(1_500, cents * Int64(r.int(2...9)) / 100) }
                    return plan
                }
            }
            scripts.append(script)
        }
        // Enough money that no acceptance waits for the fund.
        let deposit = max(100_000, plannedPayments * 13 / 10 / 100_000 * 100_000 + 100_000)
        return batches(scripts: scripts, deposits: [(start, deposit)], &r)
    }

    // MARK: writing

    /// Orders every household's events by business date and groups them into one batch per day,
    /// recorded that day at 17:00 UTC.
    private static func batches(scripts: [HouseholdScript], deposits: [(Int, Int64)], _ r: inout SplitMix64) -> [Batch] {
        var scheduled: [(day: Int, household: Int, order: Int, event: PendingEvent)] = []
        for (day, cents) in deposits {
            let event = PendingEvent(type: .fundDeposited, effective: day, actor: "program-01", key: "deposit/\(CalendarDate.formatDate(days: day))",
                                     data: ["fund": "afkoopfonds", "amountCents": .integer(cents), "source": "gemeente Arnhem, Nationaal Programma Arnhem-Oost"])
            scheduled.append((day, -1, 0, event))
        }
        for (index, script) in scripts.enumerated() {
            for item in script.events(until: end, random: &r) { scheduled.append((item.day, index, item.order, item.event)) }
        }
        scheduled.sort { ($0.day, $0.household, $0.order) < ($1.day, $1.household, $1.order) }
        var batches: [Batch] = []
        for item in scheduled {
            let recordedAt = Int64(item.day) * 86400 + 17 * 3600
            if batches.last?.recordedAt == recordedAt {
                batches[batches.count - 1].events.append(item.event)
            } else {
                batches.append(Batch(recordedAt: recordedAt, events: [item.event]))
            }
        }
        return batches
    }

    /// Writes the batches to a new log through `Ledger.append`, the path every writer uses: every
    /// event passes the catalogue and the rules. `batchDays` > 1 merges days into one append,
    /// which large synthetic programs need to stay fast.
    public static func write(_ batches: [Batch], to path: String, batchDays: Int = 1) throws(LedgerError) {
        try LogStore(path: path).create()
        var snapshot: Ledger.Snapshot?
        var ledger = Ledger(store: LogStore(path: path))
        var index = 0
        while index < batches.count {
            var merged = batches[index]
            index += 1
            while batchDays > 1 && index < batches.count && batches[index].recordedAt - merged.recordedAt < Int64(batchDays) * 86400 {
                merged.events += batches[index].events
                index += 1
            }
            ledger = Ledger(store: LogStore(path: path, clock: FixedClock(merged.recordedAt)))
            // The state file is written once, at the end, not every few megabytes on the way.
            ledger.usesStateFile = false
            _ = try ledger.append(merged.events, snapshot: &snapshot)
        }
        if let snapshot, snapshot.position.offset >= Limits.stateFileEveryBytes {
            try ledger.saveState(snapshot)
        }
    }
}
