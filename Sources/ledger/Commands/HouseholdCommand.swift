import LedgerCore

struct HouseholdCommand: Command {
    static let name = "household"
    static let summary = "where a household stands: phase, debts, pauses, fund spent, typology"
    static let synopsis = "household ID [--log FILE] [--as-of DATE | --as-of-seq N] [--from-scratch] [--json]"
    static let options = ReadArguments.options
    static let positionalCount = 1...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let id = arguments.positionals[0]
        let (result, store) = try ReadArguments.load(arguments, context, household: id)
        guard let household = result.projection.households[id] else {
            throw LedgerError(.rejected, "household \(id) is not in \(store.path) (\(ReadArguments.moment(result, arguments)))")
        }
        let today = arguments.value("as-of").flatMap(CalendarDate.parseDate) ?? max(result.projection.lastEffective, Int(context.clock.now() / 86400))
        let classification = Typology.classify(household)
        let debts = household.debts.values.sorted { $0.id < $1.id }
        let open = debts.filter { $0.resolution == nil }
        let activePauses = household.pauses.filter { $0.value.covers(today) }.keys.sorted()
        if arguments.flag("json") {
            context.print(try Display.json(HouseholdJSON(
                household: household, phase: household.phase.rawValue, typology: classification,
                totals: Totals(debts), activePauses: activePauses)))
            return
        }
        var lines = [
            "\(id) — \(household.phase.rawValue) (\(ReadArguments.moment(result, arguments)))",
            "  approached \(Display.date(household.approachedOn)) by \(household.channel); answer \(household.answer ?? "-")"
                + (household.enrolledOn.map { "; enrolled \(Display.date($0))" } ?? ""),
        ]
        if household.isEnrolled {
            lines.append("  \(household.people) people: \(household.adults) adults, \(household.minors) minors, \(household.adultChildren) adult children")
            lines.append("  coach \(household.coach ?? "-"), \(household.intensity ?? "-") guidance")
            lines.append("  typology: \(classification.quadrant ?? "not classified") (\(classification.source): \(classification.reasons.joined(separator: "; ")))")
        }
        if let causes = household.causes {
            lines.append("  causes \(causes.joined(separator: ", ")); problem areas \(household.problemAreas!.joined(separator: ", ")); prior help \(household.priorHelp!.joined(separator: ", "))")
        }
        if !debts.isEmpty {
            let totals = Totals(debts)
            lines.append("  inventory \(household.inventoryCompletedOn.map { "completed \(Display.date($0))" } ?? "in progress")")
            lines.append("  debts: \(debts.count), \(open.count) open; original \(Display.euros(totals.originalCents)), current \(Display.euros(totals.currentCents)), resolved \(Display.euros(totals.resolvedCents)), remaining \(Display.euros(totals.remainingCents))")
            if !totals.remainingByCategoryCents.isEmpty {
                lines.append("  remaining by category: " + totals.remainingByCategoryCents.sorted { $0.value > $1.value }.map { "\($0.key) \(Display.euros($0.value))" }.joined(separator: " · "))
            }
            lines.append("  fund spent on it: \(Display.euros(household.fundSpentCents)); costs added under a pause: \(Display.euros(totals.costsDuringPauseCents))")
            lines.append("")
            var rows = [["  debt", "creditor", "category", "current", "state", "resolved"]]
            for debt in debts {
                rows.append(["  \(debt.id)\(debt.lateClaim ? " (late)" : "")", debt.creditor, debt.category, Display.euros(debt.currentCents), debt.state,
                             debt.resolution.map { "\($0) \(Display.date(debt.resolvedOn))" } ?? ""])
            }
            lines.append(Display.table(rows))
        }
        if !household.pauses.isEmpty {
            lines.append("")
            for (id, pause) in household.pauses.sorted(by: { $0.key < $1.key }) {
                let state = activePauses.contains(id) ? "active" : pause.liftedOn.map { "lifted \(Display.date($0))" } ?? "ended"
                lines.append("  pause \(id) \(Display.date(pause.from))–\(Display.date(pause.until)) (\(state)): \(pause.debts.joined(separator: ", "))")
            }
        }
        if !household.developments.isEmpty {
            lines.append("  developments: " + household.developments.map { "\($0.area) \($0.direction) \(Display.date($0.on))\($0.afterExit ? " (after exit)" : "")" }.joined(separator: "; "))
        }
        if let exited = household.exitedOn { lines.append("  exited \(Display.date(exited)): \(household.exitReason ?? "")") }
        context.print(lines.joined(separator: "\n"))
    }

    struct Totals: Codable {
        var originalCents: Int64 = 0
        var currentCents: Int64 = 0
        var resolvedCents: Int64 = 0
        var remainingCents: Int64 = 0
        var remainingByCategoryCents: [String: Int64] = [:]
        var costsDuringPauseCents: Int64 = 0

        init(_ debts: [DebtStatus]) {
            for debt in debts {
                originalCents += debt.originalCents
                currentCents += debt.currentCents
                costsDuringPauseCents += debt.costsDuringPauseCents
                if debt.resolution == nil {
                    remainingCents += debt.currentCents
                    remainingByCategoryCents[debt.category, default: 0] += debt.currentCents
                } else {
                    resolvedCents += debt.currentCents
                }
            }
        }
    }

    struct HouseholdJSON: Encodable {
        var household: HouseholdStatus
        var phase: String
        var typology: Typology.Classification
        var totals: Totals
        var activePauses: [String]
    }
}
