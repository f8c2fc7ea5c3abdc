#if canImport(Glibc)
import Glibc
#endif
import LedgerCore

struct ReportCommand: Command {
    static let name = "report"
    static let summary = "the program's figures (seed 000's infographic, dropout, relapse)"
    static let synopsis = "report [--log FILE] [--as-of DATE | --as-of-seq N] [--from-scratch] [--json | --html FILE]"
    static let discussion = """
        Debt figures are over inventoried households (their lists are complete). The text ends
        with the SHA-256 of each projection file as this replay renders it, so an auditor who
        replays the log compares them with projections/checkpoint.json.
        """
    static let options = ReadArguments.options + [
        OptionSpec("html", value: "FILE", "write the report as one self-contained web page (inline CSS and SVG charts)"),
    ]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let (result, store) = try ReadArguments.load(arguments, context)
        let report = result.report
        if let path = arguments.value("html") {
            do {
                unlink(path)
                let file = try LogFile.create(path)
                try file.writeAll(Array(HTMLReport.render(result, log: store.path).utf8), at: 0)
                try file.sync()
            } catch {
                throw LedgerError(.ioError, "cannot write \(path)", cause: error)
            }
            context.print("wrote \(path)")
            return
        }
        if arguments.flag("json") {
            context.print(try Display.json(report))
            return
        }
        let h = report.households, c = report.circumstances, d = report.debts, f = report.fund
        let answers = Answer.allCases.map { "\($0.rawValue) \(h.answers[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let intensity = Intensity.allCases.map { "\($0.rawValue) \(h.intensity[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let categories = DebtCategory.allCases.map { ($0.rawValue, d.byCategoryCents[$0.rawValue] ?? 0) }
            .filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map { "\($0.0) \(Display.euros($0.1))" }
        func counts(_ values: [String: Int]) -> String {
            values.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var lines = [
            "Program report — \(store.path), \(ReadArguments.moment(result, arguments))",
            "",
            "Households",
            Display.table([
                ["  approached", "\(h.approached)", "answers: \(answers)"],
                ["  enrolled", "\(h.enrolled)", "\(h.people) people: \(h.adults) adults, \(h.minors) minors, \(h.adultChildren) adult children"],
                ["  intensity", "", intensity],
                ["  inventoried", "\(h.inventoried)", ""],
                ["  debt-free", "\(h.debtFree)", "and \(h.onlyRijksoverheidLeft) more with only rijksoverheid debts left"],
                ["  exited", "\(h.exited)", "dropped out \(h.droppedOut) (\(h.dropoutPercent)% of enrolled), relapsed \(h.relapsed) (\(h.relapsePercent)% of exited)"],
            ]),
            "Circumstances (\(c.assessed) households assessed, \(c.multipleCauses) with more than one cause)",
            "  causes: \(counts(c.causes))",
            "  problem areas: \(counts(c.problemAreas))",
            "  prior help: \(counts(c.priorHelp)); none known: \(c.priorHelpNoneKnownPercent)% of mentions",
            "Debts (of the \(h.inventoried) inventoried households)",
            Display.table([
                ["  debts", "\(d.count)", "at \(d.creditors) creditors, \(d.resolved) resolved, \(d.lateClaims) late claims"],
                ["  total", Display.euros(d.totalCents), categories.joined(separator: " · ")],
                ["  bought off", Display.euros(d.boughtOffCents), "resolved by the fund"],
                ["  average", Display.euros(d.averagePerHouseholdCents), "per inventoried household"],
                ["  costs under pause", Display.euros(d.costsDuringPauseCents), "added while the pause button was pressed"],
            ]),
            "Fund\(result.projection.fund.fund.map { " (\($0))" } ?? "")",
            Display.table([
                ["  deposited", Display.euros(f.depositedCents), ""],
                ["  repaid", Display.euros(f.repaidCents), ""],
                ["  paid", Display.euros(f.paidCents), "to creditors for accepted offers"],
                ["  committed", Display.euros(f.committedCents), "accepted, not yet paid"],
                ["  available", Display.euros(f.availableCents), ""],
                ["  leverage", String(format2(f.leverage)), "euros of debt resolved per euro paid"],
            ]),
            "Typology (\(h.enrolled) enrolled, rule \(report.typologyRule); `ledger typology` shows the matrix)",
            "  " + Typology.quadrants.map { "\($0) \(report.typology[$0] ?? 0)" }.joined(separator: " · "),
            "",
            "Projection digests (SHA-256, as this replay renders projections/):",
        ]
        let files = try ProjectionFiles.render(result)
        for name in ProjectionFiles.names { lines.append("  \(name.padding(16)) \(SHA256.hash(files[name]!).hex)") }
        context.print(lines.joined(separator: "\n"))
    }

    static func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
