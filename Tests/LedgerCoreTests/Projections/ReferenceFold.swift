@testable import LedgerCore

// The straightforward fold the read side started as: strings, dictionaries and a typed
// payload per event. The compact fold (`CompactProjection`) must materialise exactly what this
// folds, for every log the tests build; it is kept here as the reference, not used by the ledger.

extension ProgramProjection {
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

/// Folds verified log lines into a `ProgramProjection` the straightforward way.
public struct ReferenceFold: LogFold {
    public var projection: ProgramProjection
    public var asOf: Int?
    public var asOfSeq: Int64?
    /// Fold only this household's events (and keep the seq and date of all): a coach's view.
    public var household: String?

    public init(_ projection: ProgramProjection = ProgramProjection(), asOf: Int? = nil, asOfSeq: Int64? = nil) {
        self.projection = projection
        self.asOf = asOf
        self.asOfSeq = asOfSeq
    }

    public static var depth: LineDepth { .envelope }

    /// The typed payload and the household, read on a worker thread.
    public static func prepare(_ event: EventLine, line: UnsafeRawBufferPointer) throws(FoldError) -> (payload: Payload, household: String?) {
        let household = event.household.map { EventLine.text(line, $0) }
        do {
            guard case .object(let data) = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[event.data]), canonical: true) else {
                throw FoldError("data is not an object")
            }
            return (try Payload.read(event.type, data, household: household), household)
        } catch let error as FoldError {
            throw error
        } catch {
            throw FoldError("\(event.type.rawValue) does not match the catalogue: \(error)")
        }
    }

    public mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: (payload: Payload, household: String?)) throws(FoldError) {
        if let asOfSeq, event.seq > asOfSeq { return }
        if let asOf, event.effective > asOf { return }
        if let household, prepared.household != household {
            projection.seq = event.seq
            projection.lastEffective = max(projection.lastEffective, event.effective)
            return
        }
        projection.fold(seq: event.seq, effective: event.effective, household: prepared.household, prepared.payload)
    }
}

extension ProgramReport {
    /// The report the straightforward way, from the materialised projection.
    init(reference projection: ProgramProjection) {
        self.init(CompactProjection())
        seq = projection.seq
        func zeros(_ names: [String]) -> [String: Int] { Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }) }
        households.answers = zeros(Answer.allCases.map(\.rawValue))
        households.intensity = zeros(Intensity.allCases.map(\.rawValue))
        circumstances.causes = zeros(Cause.allCases.map(\.rawValue))
        circumstances.problemAreas = zeros(ProblemArea.allCases.map(\.rawValue))
        circumstances.priorHelp = zeros(PriorHelp.allCases.map(\.rawValue))
        debts.byCategoryCents = Dictionary(uniqueKeysWithValues: DebtCategory.allCases.map { ($0.rawValue, Int64(0)) })
        typology = zeros(Typology.quadrants)
        var creditorNames = Set<String>()

        for household in projection.households.values {
            households.approached += 1
            if let answer = household.answer { households.answers[answer]? += 1 }
            guard household.isEnrolled else { continue }
            households.enrolled += 1
            households.adults += household.adults
            households.minors += household.minors
            households.adultChildren += household.adultChildren
            if let level = household.intensity { households.intensity[level]? += 1 }
            if household.isInventoried {
                households.inventoried += 1
                if household.isDebtFree { households.debtFree += 1 }
                if household.onlyRijksoverheidLeft { households.onlyRijksoverheidLeft += 1 }
                for debt in household.debts.values {
                    debts.count += 1
                    creditorNames.insert(debt.creditor)
                    if debt.resolution != nil { debts.resolved += 1 }
                    debts.totalCents += debt.currentCents
                    if debt.resolution == "boughtOff" { debts.boughtOffCents += debt.currentCents }
                    debts.byCategoryCents[debt.category]? += debt.currentCents
                    if debt.lateClaim { debts.lateClaims += 1 }
                    debts.costsDuringPauseCents += debt.costsDuringPauseCents
                }
            }
            if household.exitedOn != nil {
                households.exited += 1
                if household.exitReason == ExitReason.droppedOut.rawValue { households.droppedOut += 1 }
                if household.relapsed { households.relapsed += 1 }
            }
            if let causes = household.causes {
                circumstances.assessed += 1
                if causes.count > 1 { circumstances.multipleCauses += 1 }
                // A household counts once per value it names.
                for value in Cause.allCases where causes.contains(value.rawValue) { circumstances.causes[value.rawValue]! += 1 }
                for value in ProblemArea.allCases where household.problemAreas?.contains(value.rawValue) == true { circumstances.problemAreas[value.rawValue]! += 1 }
                for value in PriorHelp.allCases where household.priorHelp?.contains(value.rawValue) == true { circumstances.priorHelp[value.rawValue]! += 1 }
            }
            if let quadrant = Typology.classify(household).quadrant { typology[quadrant, default: 0] += 1 }
        }
        households.people = households.adults + households.minors + households.adultChildren
        households.dropoutPercent = percent(households.droppedOut, of: households.enrolled)
        households.relapsePercent = percent(households.relapsed, of: households.exited)
        circumstances.priorHelpNoneKnownPercent = percent(circumstances.priorHelp["none"] ?? 0, of: circumstances.priorHelp.values.reduce(0, +))
        debts.creditors = creditorNames.count
        let inventoried = Int64(households.inventoried)
        debts.averagePerHouseholdCents = inventoried == 0 ? 0 : (debts.totalCents + inventoried / 2) / inventoried

        let ledger = projection.fund
        fund = Fund(depositedCents: ledger.depositedCents, repaidCents: ledger.repaidCents, paidCents: ledger.paidCents,
                    committedCents: ledger.committedCents, availableCents: ledger.availableCents,
                    leverage: ledger.paidCents == 0 ? 0 : (Double(debts.boughtOffCents) / Double(ledger.paidCents) * 100).rounded() / 100)
    }
}
