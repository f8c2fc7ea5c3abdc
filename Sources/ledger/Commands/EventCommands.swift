import LedgerCore

/// One command per event type, for people at a terminal: flags become the event's `data`, and
/// the event goes through exactly the same checks and rules as a line given to `append`.
struct EventCommand {
    /// How a flag's text becomes a `data` value.
    enum Kind {
        case text, integer, euros, date, list
        /// Present means true; absent means false.
        case flag
    }

    struct Field {
        let flag: String
        let key: String
        let kind: Kind
        let required: Bool
        let placeholder: String
        let help: String
        /// A default when the flag is left out: the value of another field, or a fixed text.
        var fallback: Fallback? = nil
    }

    enum Fallback {
        case sameAs(String)
        case text(String)
    }

    let name: String
    let type: EventType
    let summary: String
    let fields: [Field]
    /// A command line that works on a fresh log once the events before it are in (for help).
    let example: String

    var options: [OptionSpec] {
        var options = type.isHouseholdEvent ? [OptionSpec("household", value: "ID", "the household's pseudonym, e.g. HH-007")] : []
        options += fields.map { field in
            let value: String? = field.kind == .flag ? nil : field.placeholder
            return OptionSpec(field.flag, value: value, field.help + (field.required ? "" : " (optional)"))
        }
        options += [
            OptionSpec("effective", value: "YYYY-MM-DD", "the business date it happened (default: today)"),
            OptionSpec("actor", value: "ID", "who records it, a pseudonym like coach-03 (default: $LEDGER_ACTOR)"),
            OptionSpec("key", value: "KEY", "idempotency key: a retry with the same key is not written twice"),
            LogOptions.log, LogOptions.wait, LogOptions.json,
        ]
        return options
    }

    var spec: CommandSpec {
        let synopsisFlags = (type.isHouseholdEvent ? ["--household ID"] : []) + fields.map { field in
            let flag = field.kind == .flag ? "--\(field.flag)" : "--\(field.flag) \(field.placeholder)"
            return field.required ? flag : "[\(flag)]"
        }
        let command = self
        return CommandSpec(
            name: name, summary: summary,
            synopsis: "\(name) \(synopsisFlags.joined(separator: " ")) [--effective DATE] [--actor ID] [--key KEY] [--log FILE]",
            discussion: "Records a \(type.rawValue) event (events/README.md lists its rules). Amounts are euros with a dot before the cents and no thousands separators: 1234.56. Lists are comma-separated.\n\nexample: ledger \(example)",
            options: options, positionalCount: 0...0,
            run: { (arguments, context) throws(LedgerError) in try command.run(arguments, context) })
    }

    func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        var data = JSONObject()
        for field in fields {
            guard let value = try value(of: field, arguments) else { continue }
            data.members.append(.init(field.key, value))
        }
        let event = PendingEvent(
            type: type, effective: try effective(arguments, context), actor: try actor(arguments),
            key: arguments.value("key"), household: try household(arguments), data: data)
        let ledger = Ledger(store: try LogOptions.store(arguments, context))
        AppendCommand.report(try ledger.append([event], labels: [name]), of: ledger.store, arguments, context)
    }

    private func value(of field: Field, _ arguments: Arguments) throws(LedgerError) -> JSONValue? {
        if field.kind == .flag { return .bool(arguments.flag(field.flag)) }
        guard let text = arguments.value(field.flag) else {
            switch field.fallback {
            case .sameAs(let other)?:
                let source = fields.first { $0.flag == other }!
                return try value(of: source, arguments)
            case .text(let text)?:
                return .string(text)
            case nil:
                if field.required { throw arguments.usageError("--\(field.flag) \(field.placeholder) is required") }
                return nil
            }
        }
        switch field.kind {
        case .text, .date: return .string(text)
        case .integer:
            guard let n = Int64(text) else { throw arguments.usageError("--\(field.flag) \(text) is not a whole number") }
            return .integer(n)
        case .euros:
            guard let cents = Money.parseEuros(text) else {
                throw arguments.usageError("--\(field.flag) \(text) is not an amount in euros (write 1234.56: a dot before the cents, no thousands separators)")
            }
            return .integer(cents)
        case .list:
            return .array(text.split(separator: ",").map { .string(String($0).trimmed) })
        case .flag:
            return .bool(true)
        }
    }

    private func effective(_ arguments: Arguments, _ context: Context) throws(LedgerError) -> Int {
        guard let text = arguments.value("effective") else { return Int(context.clock.now() / 86400) }
        guard let days = CalendarDate.parseDate(text) else {
            throw arguments.usageError("--effective \(text) is not a real YYYY-MM-DD date")
        }
        return days
    }

    private func actor(_ arguments: Arguments) throws(LedgerError) -> String {
        guard let actor = arguments.value("actor") ?? Context.environment("LEDGER_ACTOR") else {
            throw arguments.usageError("who records this? give --actor ID or set LEDGER_ACTOR")
        }
        return actor
    }

    private func household(_ arguments: Arguments) throws(LedgerError) -> String? {
        guard type.isHouseholdEvent else { return nil }
        guard let household = arguments.value("household") else { throw arguments.usageError("--household ID is required") }
        return household
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

private typealias F = EventCommand.Field

/// The typed commands, one per event type, in the order a program meets them.
enum EventCommands {
    static let all: [EventCommand] = [
        EventCommand(name: "deposit", type: .fundDeposited, summary: "put money into the buy-off fund", fields: [
            F(flag: "fund", key: "fund", kind: .text, required: false, placeholder: "FUND", help: "the fund (default afkoopfonds)", fallback: .text("afkoopfonds")),
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the amount deposited"),
            F(flag: "source", key: "source", kind: .text, required: true, placeholder: "TEXT", help: "where the money comes from, e.g. gemeente"),
        ], example: "deposit --amount 425000 --source gemeente --actor program-01"),
        EventCommand(name: "approach", type: .householdApproached, summary: "record that a household was approached", fields: [
            F(flag: "channel", key: "channel", kind: .text, required: true, placeholder: "CHANNEL", help: Choices.of(Channel.self)),
        ], example: "approach --household HH-007 --channel doorToDoor --actor coach-03"),
        EventCommand(name: "respond", type: .householdResponded, summary: "record a household's answer to the approach", fields: [
            F(flag: "answer", key: "answer", kind: .text, required: true, placeholder: "ANSWER", help: Choices.of(Answer.self)),
            F(flag: "reason", key: "reason", kind: .text, required: false, placeholder: "TEXT", help: "why, in a few words"),
        ], example: "respond --household HH-007 --answer yes --actor coach-03"),
        EventCommand(name: "enroll", type: .householdEnrolled, summary: "enrol a household that answered yes", fields: [
            F(flag: "adults", key: "adults", kind: .integer, required: true, placeholder: "N", help: "adults in the household (at least 1)"),
            F(flag: "minors", key: "minors", kind: .integer, required: true, placeholder: "N", help: "children under 18"),
            F(flag: "adult-children", key: "adultChildren", kind: .integer, required: true, placeholder: "N", help: "children of 18 and over living at home"),
            F(flag: "coach", key: "coach", kind: .text, required: true, placeholder: "COACH", help: "the coach, e.g. coach-03"),
            F(flag: "intensity", key: "intensity", kind: .text, required: true, placeholder: "LEVEL", help: Choices.of(Intensity.self)),
        ], example: "enroll --household HH-007 --adults 2 --minors 3 --adult-children 0 --coach coach-03 --intensity intensive --actor coach-03"),
        EventCommand(name: "assign-coach", type: .coachAssigned, summary: "hand a household to another coach or intensity", fields: [
            F(flag: "coach", key: "coach", kind: .text, required: true, placeholder: "COACH", help: "the coach, e.g. coach-04"),
            F(flag: "intensity", key: "intensity", kind: .text, required: true, placeholder: "LEVEL", help: Choices.of(Intensity.self)),
        ], example: "assign-coach --household HH-007 --coach coach-04 --intensity average --actor coach-03"),
        EventCommand(name: "assess-circumstances", type: .circumstancesAssessed, summary: "record causes, problem areas and prior help", fields: [
            F(flag: "causes", key: "causes", kind: .list, required: true, placeholder: "LIST", help: Choices.of(Cause.self)),
            F(flag: "problem-areas", key: "problemAreas", kind: .list, required: true, placeholder: "LIST", help: Choices.of(ProblemArea.self)),
            F(flag: "prior-help", key: "priorHelp", kind: .list, required: true, placeholder: "LIST", help: Choices.of(PriorHelp.self)),
        ], example: "assess-circumstances --household HH-007 --causes incomeDrop,lifeEvent --problem-areas financial,health --prior-help none --actor coach-03"),
        EventCommand(name: "assess-typology", type: .typologyAssessed, summary: "record the coach's typology of a household", fields: [
            F(flag: "self-reliance", key: "selfReliance", kind: .text, required: true, placeholder: "VALUE", help: Choices.of(SelfReliance.self)),
            F(flag: "multiproblem", key: "multiproblem", kind: .text, required: true, placeholder: "VALUE", help: Choices.of(Multiproblem.self)),
            F(flag: "note", key: "note", kind: .text, required: false, placeholder: "TEXT", help: "a note (no personal data)"),
        ], example: "assess-typology --household HH-007 --self-reliance vulnerable --multiproblem light --actor coach-03"),
        EventCommand(name: "record-development", type: .developmentRecorded, summary: "record a development in one area", fields: [
            F(flag: "area", key: "area", kind: .text, required: true, placeholder: "AREA", help: Choices.of(DevelopmentArea.self)),
            F(flag: "direction", key: "direction", kind: .text, required: true, placeholder: "DIRECTION", help: Choices.of(Direction.self)),
            F(flag: "note", key: "note", kind: .text, required: false, placeholder: "TEXT", help: "a note (no personal data)"),
        ], example: "record-development --household HH-007 --area paidWork --direction improved --actor coach-03"),
        EventCommand(name: "register-debt", type: .debtRegistered, summary: "register a debt of an enrolled household", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt's id, e.g. HH-007/D-012"),
            F(flag: "creditor", key: "creditor", kind: .text, required: true, placeholder: "NAME", help: "the creditor, e.g. CJIB"),
            F(flag: "category", key: "category", kind: .text, required: true, placeholder: "CATEGORY", help: Choices.of(DebtCategory.self)),
            F(flag: "amount", key: "originalCents", kind: .euros, required: true, placeholder: "EUROS", help: "the original amount"),
            F(flag: "current", key: "currentCents", kind: .euros, required: false, placeholder: "EUROS", help: "the current amount (default: --amount)", fallback: .sameAs("amount")),
            F(flag: "reference", key: "reference", kind: .text, required: false, placeholder: "TEXT", help: "the creditor's reference"),
            F(flag: "collector", key: "collector", kind: .text, required: false, placeholder: "NAME", help: "a collection agency or bailiff acting for the creditor"),
            F(flag: "preferential", key: "preferential", kind: .flag, required: false, placeholder: "", help: "the creditor has preference (e.g. the tax office)"),
        ], example: "register-debt --household HH-007 --debt HH-007/D-012 --creditor CJIB --category rijksoverheid --amount 1234.56 --actor coach-03"),
        EventCommand(name: "request-balance", type: .balanceRequested, summary: "record that the current balance was asked of the creditor", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
        ], example: "request-balance --household HH-007 --debt HH-007/D-012 --actor coach-03"),
        EventCommand(name: "confirm-balance", type: .balanceConfirmed, summary: "record the balance the creditor confirmed", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
            F(flag: "amount", key: "currentCents", kind: .euros, required: true, placeholder: "EUROS", help: "the confirmed current amount"),
        ], example: "confirm-balance --household HH-007 --debt HH-007/D-012 --amount 1310.00 --actor coach-03"),
        EventCommand(name: "correct-debt", type: .debtCorrected, summary: "correct a registered debt's creditor, category or amount", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
            F(flag: "creditor", key: "creditor", kind: .text, required: true, placeholder: "NAME", help: "the right creditor"),
            F(flag: "category", key: "category", kind: .text, required: true, placeholder: "CATEGORY", help: Choices.of(DebtCategory.self)),
            F(flag: "amount", key: "currentCents", kind: .euros, required: true, placeholder: "EUROS", help: "the right current amount"),
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "TEXT", help: "what was wrong"),
        ], example: "correct-debt --household HH-007 --debt HH-007/D-012 --creditor CJIB --category rijksoverheid --amount 1300.00 --reason \"typo in amount\" --actor coach-03"),
        EventCommand(name: "add-costs", type: .costsAdded, summary: "record fines, collection costs or interest added to a debt", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the costs added"),
            F(flag: "kind", key: "kind", kind: .text, required: true, placeholder: "KIND", help: Choices.of(CostKind.self)),
        ], example: "add-costs --household HH-007 --debt HH-007/D-012 --amount 45.00 --kind collectionCosts --actor coach-03"),
        EventCommand(name: "complete-inventory", type: .inventoryCompleted, summary: "close the inventory: the count and total of the registered debts", fields: [
            F(flag: "debts", key: "debtCount", kind: .integer, required: true, placeholder: "N", help: "number of registered debts"),
            F(flag: "total", key: "totalCents", kind: .euros, required: true, placeholder: "EUROS", help: "their current total"),
        ], example: "complete-inventory --household HH-007 --debts 1 --total 1345.00 --actor coach-03"),
        EventCommand(name: "pause", type: .pauseInvoked, summary: "press the pause button on collection of some debts", fields: [
            F(flag: "pause", key: "pause", kind: .text, required: true, placeholder: "PAUSE", help: "the pause's id, e.g. HH-007/P-1"),
            F(flag: "debts", key: "debts", kind: .list, required: true, placeholder: "LIST", help: "the debts it covers"),
            F(flag: "from", key: "from", kind: .date, required: true, placeholder: "DATE", help: "first day"),
            F(flag: "until", key: "until", kind: .date, required: true, placeholder: "DATE", help: "end date (after --from)"),
        ], example: "pause --household HH-007 --pause HH-007/P-1 --debts HH-007/D-012 --from 2024-05-01 --until 2024-11-01 --actor coach-03"),
        EventCommand(name: "lift-pause", type: .pauseLifted, summary: "lift an active pause early", fields: [
            F(flag: "pause", key: "pause", kind: .text, required: true, placeholder: "PAUSE", help: "the pause, e.g. HH-007/P-1"),
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "TEXT", help: "why"),
        ], example: "lift-pause --household HH-007 --pause HH-007/P-1 --reason \"settled early\" --effective 2024-06-01 --actor coach-03"),
        EventCommand(name: "send-offer", type: .offerSent, summary: "send a creditor a buy-off offer for a debt", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the offer's id, e.g. HH-007/O-003"),
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the amount offered (at most the debt's current amount)"),
            F(flag: "expires", key: "expiresOn", kind: .date, required: true, placeholder: "DATE", help: "the last day it can be accepted"),
        ], example: "send-offer --household HH-007 --offer HH-007/O-003 --debt HH-007/D-012 --amount 650.00 --expires 2099-12-31 --actor coach-03"),
        EventCommand(name: "accept-offer", type: .offerAccepted, summary: "record the creditor's acceptance; commits fund money", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the offer, e.g. HH-007/O-003"),
        ], example: "accept-offer --household HH-007 --offer HH-007/O-003 --actor coach-03"),
        EventCommand(name: "reject-offer", type: .offerRejected, summary: "record the creditor's rejection", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the offer, e.g. HH-007/O-003"),
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "TEXT", help: "the creditor's reason"),
        ], example: "reject-offer --household HH-007 --offer HH-007/O-003 --reason \"wants full amount\" --actor coach-03"),
        EventCommand(name: "withdraw-offer", type: .offerWithdrawn, summary: "withdraw an open or accepted, unpaid offer (releases its commitment)", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the offer, e.g. HH-007/O-003"),
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "TEXT", help: "why"),
        ], example: "withdraw-offer --household HH-007 --offer HH-007/O-003 --reason \"sent in error\" --actor coach-03"),
        EventCommand(name: "pay", type: .settlementPaid, summary: "pay an accepted offer from the fund (buys the debt off)", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the accepted offer, e.g. HH-007/O-003"),
            F(flag: "fund", key: "fund", kind: .text, required: false, placeholder: "FUND", help: "the fund (default afkoopfonds)", fallback: .text("afkoopfonds")),
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the amount paid (must equal the accepted amount)"),
            F(flag: "payment-ref", key: "paymentRef", kind: .text, required: true, placeholder: "REF", help: "the payment's reference in the bookkeeping, e.g. PAY-0042"),
        ], example: "pay --household HH-007 --offer HH-007/O-003 --amount 650.00 --payment-ref PAY-0042 --actor program-01"),
        EventCommand(name: "reverse-payment", type: .paymentReversed, summary: "record that a payment came back; the debt reopens", fields: [
            F(flag: "offer", key: "offer", kind: .text, required: true, placeholder: "OFFER", help: "the paid offer, e.g. HH-007/O-003"),
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the amount returned (must equal the payment)"),
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "TEXT", help: "why"),
        ], example: "reverse-payment --household HH-007 --offer HH-007/O-003 --amount 650.00 --reason \"wrong account\" --actor program-01"),
        EventCommand(name: "resolve-debt", type: .debtResolved, summary: "record that a debt was resolved without the fund", fields: [
            F(flag: "debt", key: "debt", kind: .text, required: true, placeholder: "DEBT", help: "the debt, e.g. HH-007/D-012"),
            F(flag: "how", key: "how", kind: .text, required: true, placeholder: "HOW", help: Choices.of(Resolution.self)),
        ], example: "resolve-debt --household HH-007 --debt HH-007/D-012 --how waived --actor coach-03"),
        EventCommand(name: "agree-repayment", type: .repaymentAgreed, summary: "agree that the household repays the fund, in money or in kind", fields: [
            F(flag: "monthly", key: "monthlyCents", kind: .euros, required: true, placeholder: "EUROS", help: "the monthly amount"),
            F(flag: "months", key: "months", kind: .integer, required: true, placeholder: "N", help: "how many months"),
            F(flag: "in-kind", key: "inKind", kind: .flag, required: false, placeholder: "", help: "repaid in kind (work, a contribution) rather than money"),
        ], example: "agree-repayment --household HH-007 --monthly 25.00 --months 12 --actor coach-03"),
        EventCommand(name: "receive-repayment", type: .repaymentReceived, summary: "record a repayment into the fund", fields: [
            F(flag: "amount", key: "amountCents", kind: .euros, required: true, placeholder: "EUROS", help: "the amount (its value, when in kind)"),
            F(flag: "kind", key: "kind", kind: .text, required: true, placeholder: "KIND", help: Choices.of(RepaymentKind.self)),
        ], example: "receive-repayment --household HH-007 --amount 25.00 --kind money --actor program-01"),
        EventCommand(name: "exit", type: .householdExited, summary: "record that a household left the program", fields: [
            F(flag: "reason", key: "reason", kind: .text, required: true, placeholder: "REASON", help: Choices.of(ExitReason.self)),
            F(flag: "note", key: "note", kind: .text, required: false, placeholder: "TEXT", help: "a note (no personal data)"),
        ], example: "exit --household HH-007 --reason debtFree --actor coach-03"),
    ]
}

enum Choices {
    static func of<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: "|")
    }
}
