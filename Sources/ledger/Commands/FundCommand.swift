import LedgerCore

struct FundCommand: Command {
    static let name = "fund"
    static let summary = "the fund statement: balances, every movement with its seq, the trial balance"
    static let synopsis = "fund [--from DATE] [--to DATE] [--log FILE] [--as-of-seq N] [--json]"
    static let discussion = """
        For auditors: the balances at the opening of the period, every movement in it by
        business date — deposit, commitment (an accepted offer), release (a withdrawn
        acceptance), payment, reversal, repayment — with its seq, household, offer, debt and
        payment reference, each payment with the seq of the acceptance it pays; the balances at
        the close, and the trial balance, whose lines sum to zero. Without --from and --to: the
        whole life of the fund.
        """
    static let options = [
        OptionSpec("from", value: "YYYY-MM-DD", "first business date of the period"),
        OptionSpec("to", value: "YYYY-MM-DD", "last business date of the period"),
    ] + ReadArguments.options.filter { $0.name != "as-of" }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        func date(_ name: String) throws(LedgerError) -> Int? {
            guard let text = arguments.value(name) else { return nil }
            guard let day = CalendarDate.parseDate(text) else { throw arguments.usageError("--\(name) \(text) is not a real YYYY-MM-DD date") }
            return day
        }
        let from = try date("from"), to = try date("to")
        if let from, let to, to < from { throw arguments.usageError("--to \(CalendarDate.formatDate(days: to)) is before --from \(CalendarDate.formatDate(days: from))") }
        let (result, store) = try ReadArguments.load(arguments, context)
        let statement = FundStatement(result.projection.fund, from: from, to: to)
        if arguments.flag("json") {
            context.print(try Display.json(statement))
            return
        }
        let creditor = { (household: String?, debt: String?) -> String in
            guard let household, let debt else { return "" }
            return result.projection.households[household]?.debts[debt]?.creditor ?? ""
        }
        func balances(_ title: String, _ b: FundStatement.Balances) -> String {
            "\(title): deposited \(Display.euros(b.depositedCents)), repaid \(Display.euros(b.repaidCents)), paid \(Display.euros(b.paidCents)), "
                + "cash \(Display.euros(b.cashCents)), committed \(Display.euros(b.committedCents)), available \(Display.euros(b.availableCents))"
        }
        let period = "\(statement.from ?? "the start") to \(statement.to ?? "the end")"
        var lines = ["Fund statement \(statement.fund ?? "(no fund yet)"), \(period) — \(store.path), \(ReadArguments.moment(result, arguments))", ""]
        lines.append(balances("opening", statement.opening))
        lines.append("")
        var rows = [["seq", "date", "movement", "amount", "household", "offer", "debt", "creditor", "reference", "accepted at"]]
        for row in statement.rows {
            let m = row.movement
            rows.append(["\(m.seq)", Display.date(m.on), m.kind.rawValue, Display.euros(m.amountCents), m.household ?? "", m.offer ?? "",
                         m.debt ?? "", creditor(m.household, m.debt), m.paymentRef ?? "", row.acceptedAtSeq.map { "seq \($0)" } ?? ""])
        }
        lines.append(Display.table(rows))
        lines.append("\(statement.rows.count) movements")
        lines.append("")
        lines.append(balances("closing", statement.closing))
        lines.append("")
        lines.append("Trial balance at the close (debit +, credit −)")
        lines.append(Display.table(statement.trialBalance.map { ["  \($0.account)", Display.euros($0.cents)] } + [["  sum", Display.euros(statement.trialBalanceSumCents)]]))
        context.print(lines.joined(separator: "\n"))
    }
}
