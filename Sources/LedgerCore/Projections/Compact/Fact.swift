/// What one event says, in numbers: the compact fold's input, read from the line's bytes on a
/// worker thread. A plain value (no strings, no arrays), so handing a chunk of them to the fold
/// copies bytes and counts no references. Text stays in the line as a `LineSpan`.
enum Fact: Equatable, Sendable {
    case fundDeposited(fund: LineSpan, amountCents: Int64)
    case householdApproached(Channel)
    case householdResponded(Answer)
    case householdEnrolled(adults: Int64, minors: Int64, adultChildren: Int64, coach: Int64, intensity: Intensity)
    case coachAssigned(coach: Int64, intensity: Intensity)
    case circumstancesAssessed(causes: CodeList<Cause>, problemAreas: CodeList<ProblemArea>, priorHelp: CodeList<PriorHelp>)
    case typologyAssessed(SelfReliance, Multiproblem, note: LineSpan?)
    case developmentRecorded(DevelopmentArea, Direction)
    case debtRegistered(debt: Int64, creditor: LineSpan, DebtCategory, originalCents: Int64, currentCents: Int64, preferential: Bool, lateClaim: Bool)
    case balanceRequested(debt: Int64)
    case balanceConfirmed(debt: Int64, currentCents: Int64)
    case debtCorrected(debt: Int64, creditor: LineSpan, DebtCategory, currentCents: Int64)
    case costsAdded(debt: Int64, amountCents: Int64)
    case inventoryCompleted
    case pauseInvoked(pause: Int64, debts: LineSpan, from: Int32, until: Int32)
    case pauseLifted(pause: Int64)
    case offerSent(offer: Int64, debt: Int64, amountCents: Int64, expiresOn: Int32)
    case offerAccepted(offer: Int64)
    case offerRejected(offer: Int64)
    case offerWithdrawn(offer: Int64)
    case settlementPaid(offer: Int64, amountCents: Int64, paymentRef: LineSpan)
    case paymentReversed(offer: Int64, amountCents: Int64)
    case debtResolved(debt: Int64, Resolution)
    case repaymentAgreed(monthlyCents: Int64, months: Int64, inKind: Bool)
    case repaymentReceived(amountCents: Int64)
    case householdExited(ExitReason)

    /// The debt and the offer the event is about, if any: what the fold will look up.
    var children: (debt: Int64?, offer: Int64?) {
        switch self {
        case .debtRegistered(let debt, _, _, _, _, _, _), .balanceRequested(let debt), .balanceConfirmed(let debt, _),
             .debtCorrected(let debt, _, _, _), .costsAdded(let debt, _), .debtResolved(let debt, _):
            (debt, nil)
        case .offerSent(let offer, let debt, _, _):
            (debt, offer)
        case .offerAccepted(let offer), .offerRejected(let offer), .offerWithdrawn(let offer), .settlementPaid(let offer, _, _),
             .paymentReversed(let offer, _):
            (nil, offer)
        default:
            (nil, nil)
        }
    }

    /// The text of the line the fold will intern or copy, if any.
    var text: LineSpan? {
        switch self {
        case .debtRegistered(_, let creditor, _, _, _, _, _), .debtCorrected(_, let creditor, _, _): creditor
        case .settlementPaid(_, _, let paymentRef): paymentRef
        case .typologyAssessed(_, _, let note): note
        case .pauseInvoked(_, let debts, _, _): debts
        default: nil
        }
    }

    /// Reads `data` of `event`, every field the catalogue has for its type — the ones the
    /// projections do not keep are still checked — and nothing else.
    static func read(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> (Fact, householdKey: Int64) {
        var d = try DataCursor(event, line: line)
        let fact: Fact
        switch event.type {
        case .fundDeposited:
            try d.field("fund"); let fund = try d.fund()
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("source"); _ = try d.text()
            fact = .fundDeposited(fund: fund, amountCents: amount)
        case .householdApproached:
            try d.field("channel"); fact = .householdApproached(try d.choice(Channel.self))
        case .householdResponded:
            try d.field("answer"); let answer = try d.choice(Answer.self)
            if d.has("reason") { _ = try d.text() }
            fact = .householdResponded(answer)
        case .householdEnrolled:
            try d.field("adults"); let adults = try d.integer(1...40)
            try d.field("minors"); let minors = try d.integer(0...40)
            try d.field("adultChildren"); let adultChildren = try d.integer(0...40)
            try d.field("coach"); let coach = try d.coach()
            try d.field("intensity"); let intensity = try d.choice(Intensity.self)
            fact = .householdEnrolled(adults: adults, minors: minors, adultChildren: adultChildren, coach: coach, intensity: intensity)
        case .coachAssigned:
            try d.field("coach"); let coach = try d.coach()
            try d.field("intensity"); let intensity = try d.choice(Intensity.self)
            fact = .coachAssigned(coach: coach, intensity: intensity)
        case .circumstancesAssessed:
            try d.field("causes"); let causes = try d.choices(Cause.self)
            try d.field("problemAreas"); let areas = try d.choices(ProblemArea.self)
            try d.field("priorHelp"); let help = try d.choices(PriorHelp.self)
            fact = .circumstancesAssessed(causes: causes, problemAreas: areas, priorHelp: help)
        case .typologyAssessed:
            try d.field("selfReliance"); let selfReliance = try d.choice(SelfReliance.self)
            try d.field("multiproblem"); let multiproblem = try d.choice(Multiproblem.self)
            let note = d.has("note") ? try d.text() : nil
            fact = .typologyAssessed(selfReliance, multiproblem, note: note)
        case .developmentRecorded:
            try d.field("area"); let area = try d.choice(DevelopmentArea.self)
            try d.field("direction"); let direction = try d.choice(Direction.self)
            if d.has("note") { _ = try d.text() }
            fact = .developmentRecorded(area, direction)
        case .debtRegistered:
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("creditor"); let creditor = try d.text()
            try d.field("category"); let category = try d.choice(DebtCategory.self)
            try d.field("originalCents"); let original = try d.cents(positive: false)
            try d.field("currentCents"); let current = try d.cents(positive: false)
            if d.has("reference") { _ = try d.text() }
            if d.has("collector") { _ = try d.text() }
            try d.field("preferential"); let preferential = try d.bool()
            let lateClaim = d.has("lateClaim") ? try d.bool() : false
            fact = .debtRegistered(debt: debt, creditor: creditor, category, originalCents: original, currentCents: current,
                                   preferential: preferential, lateClaim: lateClaim)
        case .balanceRequested:
            try d.field("debt"); fact = .balanceRequested(debt: try d.child(.debt))
        case .balanceConfirmed:
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("currentCents"); fact = .balanceConfirmed(debt: debt, currentCents: try d.cents(positive: false))
        case .debtCorrected:
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("creditor"); let creditor = try d.text()
            try d.field("category"); let category = try d.choice(DebtCategory.self)
            try d.field("currentCents"); let current = try d.cents(positive: false)
            try d.field("reason"); _ = try d.text()
            fact = .debtCorrected(debt: debt, creditor: creditor, category, currentCents: current)
        case .costsAdded:
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("kind"); _ = try d.choice(CostKind.self)
            fact = .costsAdded(debt: debt, amountCents: amount)
        case .inventoryCompleted:
            try d.field("debtCount"); _ = try d.integer(0...100_000)
            try d.field("totalCents"); _ = try d.cents(positive: false)
            fact = .inventoryCompleted
        case .pauseInvoked:
            try d.field("pause"); let pause = try d.child(.pause)
            try d.field("debts"); let debts = try d.childList(.debt)
            try d.field("from"); let from = try d.date()
            try d.field("until"); let until = try d.date()
            fact = .pauseInvoked(pause: pause, debts: debts, from: from, until: until)
        case .pauseLifted:
            try d.field("pause"); let pause = try d.child(.pause)
            try d.field("reason"); _ = try d.text()
            fact = .pauseLifted(pause: pause)
        case .offerSent:
            try d.field("offer"); let offer = try d.child(.offer)
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("expiresOn"); let expires = try d.date()
            fact = .offerSent(offer: offer, debt: debt, amountCents: amount, expiresOn: expires)
        case .offerAccepted:
            try d.field("offer"); fact = .offerAccepted(offer: try d.child(.offer))
        case .offerRejected:
            try d.field("offer"); let offer = try d.child(.offer)
            try d.field("reason"); _ = try d.text()
            fact = .offerRejected(offer: offer)
        case .offerWithdrawn:
            try d.field("offer"); let offer = try d.child(.offer)
            try d.field("reason"); _ = try d.text()
            fact = .offerWithdrawn(offer: offer)
        case .settlementPaid:
            try d.field("offer"); let offer = try d.child(.offer)
            try d.field("fund"); _ = try d.fund()
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("paymentRef"); let ref = try d.text()
            fact = .settlementPaid(offer: offer, amountCents: amount, paymentRef: ref)
        case .paymentReversed:
            try d.field("offer"); let offer = try d.child(.offer)
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("reason"); _ = try d.text()
            fact = .paymentReversed(offer: offer, amountCents: amount)
        case .debtResolved:
            try d.field("debt"); let debt = try d.child(.debt)
            try d.field("how"); fact = .debtResolved(debt: debt, try d.choice(Resolution.self))
        case .repaymentAgreed:
            try d.field("monthlyCents"); let monthly = try d.cents(positive: true)
            try d.field("months"); let months = try d.integer(1...600)
            try d.field("inKind"); fact = .repaymentAgreed(monthlyCents: monthly, months: months, inKind: try d.bool())
        case .repaymentReceived:
            try d.field("amountCents"); let amount = try d.cents(positive: true)
            try d.field("kind"); _ = try d.choice(RepaymentKind.self)
            fact = .repaymentReceived(amountCents: amount)
        case .householdExited:
            try d.field("reason"); let reason = try d.choice(ExitReason.self)
            if d.has("note") { _ = try d.text() }
            fact = .householdExited(reason)
        }
        try d.finish()
        return (fact, d.householdKey)
    }
}
