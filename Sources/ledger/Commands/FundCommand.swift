import LedgerCore

struct FundCommand: Command {
    static let name = "fund"
    static let summary = "the fund as double entry: balances, trial balance, movements"
    static let synopsis = "fund [--log FILE] [--as-of DATE | --as-of-seq N] [--json]"
    static let options = ReadArguments.options

    struct FundJSON: Encodable {
        var fund: String?
        var depositedCents, repaidCents, paidCents, committedCents, availableCents: Int64
        var trialBalance: [TrialBalanceLine]
        var trialBalanceSumCents: Int64
        var movements: [FundMovement]
    }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let (result, store) = try ReadArguments.load(arguments, context)
        let fund = result.projection.fund
        let sum = fund.trialBalance.reduce(0) { $0 + $1.cents }
        if arguments.flag("json") {
            context.print(try Display.json(FundJSON(
                fund: fund.fund, depositedCents: fund.depositedCents, repaidCents: fund.repaidCents, paidCents: fund.paidCents,
                committedCents: fund.committedCents, availableCents: fund.availableCents, trialBalance: fund.trialBalance,
                trialBalanceSumCents: sum, movements: fund.movements)))
            return
        }
        var lines = ["Fund \(fund.fund ?? "(none yet)") — \(store.path), \(ReadArguments.moment(result, arguments))", ""]
        lines.append(Display.table([
            ["  deposited", Display.euros(fund.depositedCents)], ["  repaid", Display.euros(fund.repaidCents)],
            ["  paid out", Display.euros(fund.paidCents)], ["  committed", Display.euros(fund.committedCents)],
            ["  available", Display.euros(fund.availableCents)],
        ]))
        lines.append("")
        lines.append("Trial balance (debit +, credit −)")
        lines.append(Display.table(fund.trialBalance.map { ["  \($0.account)", Display.euros($0.cents)] } + [["  sum", Display.euros(sum)]]))
        lines.append("")
        lines.append("Movements")
        var rows = [["  seq", "date", "kind", "amount", "household", "offer", "debt", "reference"]]
        for m in fund.movements {
            rows.append(["  \(m.seq)", Display.date(m.on), m.kind.rawValue, Display.euros(m.amountCents), m.household ?? "", m.offer ?? "", m.debt ?? "", m.paymentRef ?? ""])
        }
        lines.append(Display.table(rows))
        context.print(lines.joined(separator: "\n"))
    }
}
