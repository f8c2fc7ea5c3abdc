import LedgerCore

struct HouseholdsCommand: Command {
    static let name = "households"
    static let summary = "every household with its phase, coach, debts and typology"
    static let synopsis = "households [--phase PHASE] [--typology QUADRANT] [--log FILE] [--as-of DATE] [--json]"
    static let options = [
        OptionSpec("phase", value: "PHASE", HouseholdStatus.Phase.allCases.map(\.rawValue).joined(separator: "|")),
        OptionSpec("typology", value: "QUADRANT", Typology.quadrants.joined(separator: "|")),
    ] + ReadArguments.options

    struct Row: Encodable {
        var household: String
        var phase: String
        var coach: String?
        var intensity: String?
        var debts: Int
        var openDebts: Int
        var remainingCents: Int64
        var fundSpentCents: Int64
        var typology: String?
    }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let phase = arguments.value("phase")
        if let phase, HouseholdStatus.Phase(rawValue: phase) == nil {
            throw arguments.usageError("--phase \(phase) is not one of \(HouseholdStatus.Phase.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        let quadrant = arguments.value("typology")
        if let quadrant, !Typology.quadrants.contains(quadrant) {
            throw arguments.usageError("--typology \"\(quadrant)\" is not one of \(Typology.quadrants.joined(separator: "|"))")
        }
        let (result, _) = try ReadArguments.load(arguments, context)
        let rows = result.projection.households.values.sorted { $0.id < $1.id }.compactMap { h -> Row? in
            let typology = h.isEnrolled ? Typology.classify(h).quadrant : nil
            guard phase == nil || h.phase.rawValue == phase, quadrant == nil || typology == quadrant else { return nil }
            let open = h.openDebts
            return Row(household: h.id, phase: h.phase.rawValue, coach: h.coach, intensity: h.intensity, debts: h.debts.count,
                       openDebts: open.count, remainingCents: open.reduce(0) { $0 + $1.currentCents }, fundSpentCents: h.fundSpentCents,
                       typology: typology)
        }
        if arguments.flag("json") {
            context.print(try Display.json(rows))
            return
        }
        var table = [["household", "phase", "coach", "debts", "open", "remaining", "fund spent", "typology"]]
        for row in rows {
            table.append([row.household, row.phase, row.coach ?? "-", "\(row.debts)", "\(row.openDebts)", Display.euros(row.remainingCents),
                          Display.euros(row.fundSpentCents), row.typology ?? "-"])
        }
        context.print(Display.table(table) + "\n\(rows.count) household\(rows.count == 1 ? "" : "s") (\(ReadArguments.moment(result, arguments)))")
    }
}
