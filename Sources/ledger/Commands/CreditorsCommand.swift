import LedgerCore

struct CreditorsCommand: Command {
    static let name = "creditors"
    static let summary = "per creditor: debts, amounts, response times, offers, costs under a pause"
    static let synopsis = "creditors [--log FILE] [--as-of DATE | --as-of-seq N] [--json]"
    static let options = ReadArguments.options

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let (result, _) = try ReadArguments.load(arguments, context)
        let rows = CreditorRow.rows(result.projection)
        if arguments.flag("json") {
            context.print(try Display.json(rows))
            return
        }
        var table = [["creditor", "debts", "total", "open", "resolved", "answer days", "offers sent/acc/rej", "days to accept", "costs under pause"]]
        for (name, row) in rows.sorted(by: { ($1.value.totalCents, $0.key) < ($0.value.totalCents, $1.key) }) {
            let s = row.stats
            table.append([name, "\(row.debts)", Display.euros(row.totalCents), Display.euros(row.openCents), "\(row.resolved)",
                          row.averageResponseDays.map(String.init) ?? "-", "\(s.offersSent)/\(s.offersAccepted)/\(s.offersRejected)",
                          row.averageDaysToAcceptance.map(String.init) ?? "-", Display.euros(s.costsDuringPauseCents)])
        }
        context.print(Display.table(table) + "\n\(rows.count) creditors (\(ReadArguments.moment(result, arguments)))")
    }
}
