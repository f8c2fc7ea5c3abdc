/// Everything the read side knows, as one pure fold over the log: households with their debts,
/// offers and pauses; the fund; the creditors. Reports, typology and views are functions of it.
/// It folds facts without judging them — the rules were checked when the events were written
/// (and again by `verify`) — so a filtered replay (`--as-of`) folds whatever it is given.
public struct ProgramProjection: Codable, Equatable, Sendable {
    /// Seq of the last event folded in.
    public var seq: Int64 = 0
    /// The latest business date folded in.
    public var lastEffective: Int = 0
    public var fund = FundLedger()
    public var households: [String: HouseholdStatus] = [:]
    public var creditors: [String: CreditorStats] = [:]

    public init() {}

    public mutating func fold(seq: Int64, effective day: Int, household h: String?, _ payload: Payload) {
        self.seq = seq
        lastEffective = max(lastEffective, day)
        let h = h ?? ""
        switch payload {
        case .fundDeposited(let p):
            fund.fund = p.fund
            fund.depositedCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .deposit, amountCents: p.amountCents))
        case .householdApproached(let p):
            households[h] = HouseholdStatus(id: h, approachedOn: day, channel: p.channel.rawValue)
        case .householdResponded(let p):
            households[h]?.answer = p.answer.rawValue
        case .householdEnrolled(let p):
            update(h) {
                $0.enrolledOn = day
                $0.adults = p.adults
                $0.minors = p.minors
                $0.adultChildren = p.adultChildren
                $0.coach = p.coach
                $0.intensity = p.intensity.rawValue
            }
        case .coachAssigned(let p):
            update(h) {
                $0.coach = p.coach
                $0.intensity = p.intensity.rawValue
            }
        case .circumstancesAssessed(let p):
            update(h) {
                $0.causes = p.causes.map(\.rawValue)
                $0.problemAreas = p.problemAreas.map(\.rawValue)
                $0.priorHelp = p.priorHelp.map(\.rawValue)
            }
        case .typologyAssessed(let p):
            households[h]?.typologyAssessment = TypologyAssessment(
                selfReliance: p.selfReliance.rawValue, multiproblem: p.multiproblem.rawValue, note: p.note, on: day)
        case .developmentRecorded(let p):
            update(h) {
                $0.developments.append(Development(seq: seq, on: day, area: p.area.rawValue, direction: p.direction.rawValue, afterExit: $0.exitedOn != nil))
            }
        case .debtRegistered(let p):
            households[h]?.debts[p.debt] = DebtStatus(
                id: p.debt, creditor: p.creditor, category: p.category.rawValue, originalCents: p.originalCents,
                currentCents: p.currentCents, preferential: p.preferential, lateClaim: p.lateClaim ?? false, registeredOn: day)
        case .balanceRequested(let p):
            updateDebt(h, p.debt) {
                $0.balanceRequestedOn = day
                $0.state = "balanceRequested"
            }
            creditors[creditor(h, p.debt), default: CreditorStats()].balanceRequests += 1
        case .balanceConfirmed(let p):
            var requested: Int?
            updateDebt(h, p.debt) {
                requested = $0.balanceRequestedOn
                $0.balanceRequestedOn = nil
                $0.currentCents = p.currentCents
                $0.state = "confirmed"
            }
            if let requested {
                creditors[creditor(h, p.debt), default: CreditorStats()].balanceAnswers += 1
                creditors[creditor(h, p.debt), default: CreditorStats()].responseDays += day - requested
            }
        case .debtCorrected(let p):
            updateDebt(h, p.debt) {
                $0.creditor = p.creditor
                $0.category = p.category.rawValue
                $0.currentCents = p.currentCents
            }
        case .costsAdded(let p):
            let paused = households[h]?.pauses.values.contains { $0.debts.contains(p.debt) && $0.covers(day) } ?? false
            updateDebt(h, p.debt) {
                $0.currentCents += p.amountCents
                $0.costsCents += p.amountCents
                if paused { $0.costsDuringPauseCents += p.amountCents }
            }
            creditors[creditor(h, p.debt), default: CreditorStats()].costsCents += p.amountCents
            if paused { creditors[creditor(h, p.debt), default: CreditorStats()].costsDuringPauseCents += p.amountCents }
        case .inventoryCompleted:
            households[h]?.inventoryCompletedOn = day
        case .pauseInvoked(let p):
            households[h]?.pauses[p.pause] = PauseView(debts: p.debts, from: p.from, until: p.until)
        case .pauseLifted(let p):
            households[h]?.pauses[p.pause]?.liftedOn = day
        case .offerSent(let p):
            households[h]?.offers[p.offer] = OfferView(debt: p.debt, amountCents: p.amountCents, sentOn: day, expiresOn: p.expiresOn)
            updateDebt(h, p.debt) { $0.state = "offered" }
            creditors[creditor(h, p.debt), default: CreditorStats()].offersSent += 1
        case .offerAccepted(let p):
            guard let offer = households[h]?.offers[p.offer] else { break }
            decide(h, p.offer, "accepted", day)
            updateDebt(h, offer.debt) { $0.state = "accepted" }
            fund.committedCents += offer.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .commitment, amountCents: offer.amountCents, household: h, offer: p.offer, debt: offer.debt))
            creditors[creditor(h, offer.debt), default: CreditorStats()].offersAccepted += 1
            creditors[creditor(h, offer.debt), default: CreditorStats()].acceptanceDays += day - offer.sentOn
        case .offerRejected(let p):
            guard let offer = households[h]?.offers[p.offer] else { break }
            decide(h, p.offer, "rejected", day)
            updateDebt(h, offer.debt) { $0.state = "rejected" }
            creditors[creditor(h, offer.debt), default: CreditorStats()].offersRejected += 1
        case .offerWithdrawn(let p):
            guard let offer = households[h]?.offers[p.offer] else { break }
            if offer.status == "accepted" {
                fund.committedCents -= offer.amountCents
                fund.movements.append(FundMovement(seq: seq, on: day, kind: .release, amountCents: offer.amountCents, household: h, offer: p.offer, debt: offer.debt))
            }
            decide(h, p.offer, "withdrawn", day)
            updateDebt(h, offer.debt) { $0.state = "confirmed" }
        case .settlementPaid(let p):
            guard let offer = households[h]?.offers[p.offer] else { break }
            decide(h, p.offer, "paid", day)
            fund.committedCents -= offer.amountCents
            fund.paidCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .payment, amountCents: p.amountCents, household: h, offer: p.offer, debt: offer.debt, paymentRef: p.paymentRef))
            households[h]?.fundSpentCents += p.amountCents
            updateDebt(h, offer.debt) {
                $0.state = "resolved"
                $0.resolution = "boughtOff"
                $0.resolvedOn = day
                $0.paidCents = p.amountCents
            }
        case .paymentReversed(let p):
            guard let offer = households[h]?.offers[p.offer] else { break }
            decide(h, p.offer, "reversed", day)
            fund.paidCents -= p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .reversal, amountCents: p.amountCents, household: h, offer: p.offer, debt: offer.debt))
            households[h]?.fundSpentCents -= p.amountCents
            updateDebt(h, offer.debt) {
                $0.state = "confirmed"
                $0.resolution = nil
                $0.resolvedOn = nil
                $0.paidCents = 0
            }
        case .debtResolved(let p):
            updateDebt(h, p.debt) {
                $0.state = "resolved"
                $0.resolution = p.how.rawValue
                $0.resolvedOn = day
            }
        case .repaymentAgreed(let p):
            let received = households[h]?.repayment?.receivedCents ?? 0
            households[h]?.repayment = RepaymentView(monthlyCents: p.monthlyCents, months: p.months, inKind: p.inKind, receivedCents: received)
        case .repaymentReceived(let p):
            households[h]?.repayment?.receivedCents += p.amountCents
            fund.repaidCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .repayment, amountCents: p.amountCents, household: h))
        case .householdExited(let p):
            update(h) {
                $0.exitedOn = day
                $0.exitReason = p.reason.rawValue
            }
        }
    }

    private mutating func update(_ h: String, _ change: (inout HouseholdStatus) -> Void) {
        guard var household = households[h] else { return }
        change(&household)
        households[h] = household
    }

    private mutating func updateDebt(_ h: String, _ debt: String, _ change: (inout DebtStatus) -> Void) {
        guard var status = households[h]?.debts[debt] else { return }
        change(&status)
        households[h]!.debts[debt] = status
    }

    private mutating func decide(_ h: String, _ offer: String, _ status: String, _ day: Int) {
        households[h]?.offers[offer]?.status = status
        households[h]?.offers[offer]?.decidedOn = day
    }

    private func creditor(_ h: String, _ debt: String) -> String {
        households[h]?.debts[debt]?.creditor ?? "?"
    }
}
