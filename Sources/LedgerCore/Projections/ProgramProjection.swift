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
        if case .fundDeposited(let p) = payload {
            fund.fund = p.fund
            fund.depositedCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .deposit, amountCents: p.amountCents))
            return
        }
        if case .householdApproached(let p) = payload {
            households[h] = HouseholdStatus(id: h, approachedOn: day, channel: p.channel.rawValue)
            return
        }
        // Every other event is about a household already approached; the household is looked
        // up once and changed in place (a copy of it per event would copy all its debts).
        guard let index = households.index(forKey: h) else {
            // A filtered replay may hold a repayment without its household: the fund still counts it.
            if case .repaymentReceived(let p) = payload {
                fund.repaidCents += p.amountCents
                fund.movements.append(FundMovement(seq: seq, on: day, kind: .repayment, amountCents: p.amountCents, household: h))
            }
            return
        }
        Self.fold(seq: seq, effective: day, &households.values[index], &fund, &creditors, payload)
    }

    private static func fold(
        seq: Int64, effective day: Int, _ household: inout HouseholdStatus, _ fund: inout FundLedger,
        _ creditors: inout [String: CreditorStats], _ payload: Payload
    ) {
        let h = household.id
        switch payload {
        case .fundDeposited, .householdApproached:
            break
        case .householdResponded(let p):
            household.answer = p.answer.rawValue
        case .householdEnrolled(let p):
            household.enrolledOn = day
            household.adults = p.adults
            household.minors = p.minors
            household.adultChildren = p.adultChildren
            household.coach = p.coach
            household.intensity = p.intensity.rawValue
        case .coachAssigned(let p):
            household.coach = p.coach
            household.intensity = p.intensity.rawValue
        case .circumstancesAssessed(let p):
            household.causes = p.causes.map(\.rawValue)
            household.problemAreas = p.problemAreas.map(\.rawValue)
            household.priorHelp = p.priorHelp.map(\.rawValue)
        case .typologyAssessed(let p):
            household.typologyAssessment = TypologyAssessment(
                selfReliance: p.selfReliance.rawValue, multiproblem: p.multiproblem.rawValue, note: p.note, on: day)
        case .developmentRecorded(let p):
            household.developments.append(Development(seq: seq, on: day, area: p.area.rawValue, direction: p.direction.rawValue, afterExit: household.exitedOn != nil))
        case .debtRegistered(let p):
            household.debts[p.debt] = DebtStatus(
                id: p.debt, creditor: p.creditor, category: p.category.rawValue, originalCents: p.originalCents,
                currentCents: p.currentCents, preferential: p.preferential, lateClaim: p.lateClaim ?? false, registeredOn: day)
        case .balanceRequested(let p):
            guard let creditor = household.updateDebt(p.debt, { $0.balanceRequestedOn = day; $0.state = "balanceRequested" }) else { break }
            creditors[creditor, default: CreditorStats()].balanceRequests += 1
        case .balanceConfirmed(let p):
            var requested: Int?
            guard let creditor = household.updateDebt(p.debt, {
                requested = $0.balanceRequestedOn
                $0.balanceRequestedOn = nil
                $0.currentCents = p.currentCents
                $0.state = "confirmed"
            }) else { break }
            if let requested {
                creditors[creditor, default: CreditorStats()].balanceAnswers += 1
                creditors[creditor, default: CreditorStats()].responseDays += day - requested
            }
        case .debtCorrected(let p):
            household.updateDebt(p.debt) {
                $0.creditor = p.creditor
                $0.category = p.category.rawValue
                $0.currentCents = p.currentCents
            }
        case .costsAdded(let p):
            let paused = household.pauses.values.contains { $0.debts.contains(p.debt) && $0.covers(day) }
            guard let creditor = household.updateDebt(p.debt, {
                $0.currentCents += p.amountCents
                $0.costsCents += p.amountCents
                if paused { $0.costsDuringPauseCents += p.amountCents }
            }) else {
                creditors["?", default: CreditorStats()].costsCents += p.amountCents
                if paused { creditors["?", default: CreditorStats()].costsDuringPauseCents += p.amountCents }
                break
            }
            creditors[creditor, default: CreditorStats()].costsCents += p.amountCents
            if paused { creditors[creditor, default: CreditorStats()].costsDuringPauseCents += p.amountCents }
        case .inventoryCompleted:
            household.inventoryCompletedOn = day
        case .pauseInvoked(let p):
            household.pauses[p.pause] = PauseView(debts: p.debts, from: p.from, until: p.until)
        case .pauseLifted(let p):
            household.pauses[p.pause]?.liftedOn = day
        case .offerSent(let p):
            household.offers[p.offer] = OfferView(debt: p.debt, amountCents: p.amountCents, sentOn: day, expiresOn: p.expiresOn)
            let creditor = household.updateDebt(p.debt) { $0.state = "offered" }
            creditors[creditor ?? "?", default: CreditorStats()].offersSent += 1
        case .offerAccepted(let p):
            guard let offer = household.decide(p.offer, "accepted", day) else { break }
            let creditor = household.updateDebt(offer.debt) { $0.state = "accepted" }
            fund.committedCents += offer.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .commitment, amountCents: offer.amountCents, household: h, offer: p.offer, debt: offer.debt))
            creditors[creditor ?? "?", default: CreditorStats()].offersAccepted += 1
            creditors[creditor ?? "?", default: CreditorStats()].acceptanceDays += day - offer.sentOn
        case .offerRejected(let p):
            guard let offer = household.decide(p.offer, "rejected", day) else { break }
            let creditor = household.updateDebt(offer.debt) { $0.state = "rejected" }
            creditors[creditor ?? "?", default: CreditorStats()].offersRejected += 1
        case .offerWithdrawn(let p):
            guard let offer = household.decide(p.offer, "withdrawn", day) else { break }
            if offer.status == "accepted" {
                fund.committedCents -= offer.amountCents
                fund.movements.append(FundMovement(seq: seq, on: day, kind: .release, amountCents: offer.amountCents, household: h, offer: p.offer, debt: offer.debt))
            }
            household.updateDebt(offer.debt) { $0.state = "confirmed" }
        case .settlementPaid(let p):
            guard let offer = household.decide(p.offer, "paid", day) else { break }
            fund.committedCents -= offer.amountCents
            fund.paidCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .payment, amountCents: p.amountCents, household: h, offer: p.offer, debt: offer.debt, paymentRef: p.paymentRef))
            household.fundSpentCents += p.amountCents
            household.updateDebt(offer.debt) {
                $0.state = "resolved"
                $0.resolution = "boughtOff"
                $0.resolvedOn = day
                $0.paidCents = p.amountCents
            }
        case .paymentReversed(let p):
            guard let offer = household.decide(p.offer, "reversed", day) else { break }
            fund.paidCents -= p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .reversal, amountCents: p.amountCents, household: h, offer: p.offer, debt: offer.debt))
            household.fundSpentCents -= p.amountCents
            household.updateDebt(offer.debt) {
                $0.state = "confirmed"
                $0.resolution = nil
                $0.resolvedOn = nil
                $0.paidCents = 0
            }
        case .debtResolved(let p):
            household.updateDebt(p.debt) {
                $0.state = "resolved"
                $0.resolution = p.how.rawValue
                $0.resolvedOn = day
            }
        case .repaymentAgreed(let p):
            let received = household.repayment?.receivedCents ?? 0
            household.repayment = RepaymentView(monthlyCents: p.monthlyCents, months: p.months, inKind: p.inKind, receivedCents: received)
        case .repaymentReceived(let p):
            household.repayment?.receivedCents += p.amountCents
            fund.repaidCents += p.amountCents
            fund.movements.append(FundMovement(seq: seq, on: day, kind: .repayment, amountCents: p.amountCents, household: h))
        case .householdExited(let p):
            household.exitedOn = day
            household.exitReason = p.reason.rawValue
        }
    }
}

extension HouseholdStatus {
    /// Changes a debt in place; returns its creditor (nil when the debt is not registered).
    @discardableResult
    mutating func updateDebt(_ debt: String, _ change: (inout DebtStatus) -> Void) -> String? {
        guard let index = debts.index(forKey: debt) else { return nil }
        change(&debts.values[index])
        return debts.values[index].creditor
    }

    /// Records an offer's decision; returns the offer as it was before it (nil when unknown).
    mutating func decide(_ offer: String, _ status: String, _ day: Int) -> OfferView? {
        guard let index = offers.index(forKey: offer) else { return nil }
        let before = offers.values[index]
        offers.values[index].status = status
        offers.values[index].decidedOn = day
        return before
    }
}
