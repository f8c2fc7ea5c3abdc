extension CompactProjection {
    /// The compact model of a projection read back from checkpoint files, so a read folds the
    /// events after the checkpoint the same way a replay folds all of them. Nil when something
    /// in it is not what a replay of a log could have produced (an id of the wrong shape, a
    /// value outside its closed list): such a checkpoint is not used.
    public init?(_ projection: ProgramProjection) {
        do {
            try self.init(converting: projection)
        } catch {
            return nil
        }
    }

    private init(converting projection: ProgramProjection) throws(NotFromALog) {
        func need<T>(_ value: T?) throws(NotFromALog) -> T {
            guard let value else { throw NotFromALog() }
            return value
        }
        func child(_ id: String?, _ kind: Pseudonym.ChildKind) throws(NotFromALog) -> Int64 {
            guard let id else { return -1 }
            return try need(PseudonymKey.child(id, kind: kind))
        }
        self.init()
        seq = projection.seq
        lastEffective = projection.lastEffective
        let ledger = projection.fund
        fund = Fund(name: ledger.fund.map { texts.add($0) }, depositedCents: ledger.depositedCents, repaidCents: ledger.repaidCents,
                    committedCents: ledger.committedCents, paidCents: ledger.paidCents)
        for m in ledger.movements {
            movements.append(Movement(
                seq: m.seq, on: Int32(m.on), kind: m.kind, amountCents: m.amountCents,
                household: try m.household.map { id throws(NotFromALog) in try need(PseudonymKey.household(id)) } ?? -1,
                offer: try child(m.offer, .offer), debt: try child(m.debt, .debt), paymentRef: m.paymentRef.map { texts.add($0) }))
        }
        for status in projection.households.values.sorted(by: { $0.id < $1.id }) {
            let h = households.count
            let key = try need(PseudonymKey.household(status.id))
            householdSlots[key] = h
            var record = Household(key: key, approachedOn: Int32(status.approachedOn), channel: try need(Channel(rawValue: status.channel)))
            record.answer = try status.answer.map { a throws(NotFromALog) in try need(Answer(rawValue: a)) }
            record.enrolledOn = status.enrolledOn.map(Int32.init)
            record.adults = status.adults
            record.minors = status.minors
            record.adultChildren = status.adultChildren
            record.coach = try status.coach.map { c throws(NotFromALog) in try need(PseudonymKey.coach(c)) }
            record.intensity = try status.intensity.map { i throws(NotFromALog) in try need(Intensity(rawValue: i)) }
            record.causes = try status.causes.map { list throws(NotFromALog) in try codes(list) }
            record.problemAreas = try status.problemAreas.map { list throws(NotFromALog) in try codes(list) }
            record.priorHelp = try status.priorHelp.map { list throws(NotFromALog) in try codes(list) }
            record.typology = try status.typologyAssessment.map { t throws(NotFromALog) in
                Household.Typology(selfReliance: try need(SelfReliance(rawValue: t.selfReliance)),
                                   multiproblem: try need(Multiproblem(rawValue: t.multiproblem)),
                                   note: t.note.map { texts.add($0) }, on: Int32(t.on))
            }
            record.inventoryCompletedOn = status.inventoryCompletedOn.map(Int32.init)
            record.fundSpentCents = status.fundSpentCents
            record.repayment = status.repayment
            record.exitedOn = status.exitedOn.map(Int32.init)
            record.exitReason = try status.exitReason.map { r throws(NotFromALog) in try need(ExitReason(rawValue: r)) }
            record.relapsed = status.relapsed
            for d in status.developments {
                developments.append(Development(
                    household: Int32(h), seq: d.seq, on: Int32(d.on), area: try need(DevelopmentArea(rawValue: d.area)),
                    direction: try need(Direction(rawValue: d.direction)), afterExit: d.afterExit))
            }
            for (id, debt) in status.debts.sorted(by: { $0.key < $1.key }) {
                let key = try child(id, .debt)
                debtSlots[key] = debts.count
                debts.append(Debt(
                    key: key, originalCents: debt.originalCents, currentCents: debt.currentCents, paidCents: debt.paidCents,
                    costsCents: debt.costsCents, costsDuringPauseCents: debt.costsDuringPauseCents, household: Int32(h),
                    creditor: Int32(texts.intern(debt.creditor)), registeredOn: Int32(debt.registeredOn),
                    resolvedOn: debt.resolvedOn.map(Int32.init), balanceRequestedOn: debt.balanceRequestedOn.map(Int32.init),
                    category: try need(DebtCategory(rawValue: debt.category)), state: try need(DebtState(rawValue: debt.state)),
                    resolution: try debt.resolution.map { r throws(NotFromALog) in try need(DebtResolution(rawValue: r)) },
                    preferential: debt.preferential, lateClaim: debt.lateClaim))
            }
            for (id, offer) in status.offers.sorted(by: { $0.key < $1.key }) {
                let key = try child(id, .offer)
                offerSlots[key] = offers.count
                offers.append(Offer(
                    key: key, debt: try child(offer.debt, .debt), amountCents: offer.amountCents, household: Int32(h),
                    sentOn: Int32(offer.sentOn), expiresOn: Int32(offer.expiresOn), status: try need(OfferStatus(rawValue: offer.status)),
                    decidedOn: offer.decidedOn.map(Int32.init)))
            }
            for (id, pause) in status.pauses.sorted(by: { $0.key < $1.key }) {
                let key = try child(id, .pause)
                let covered = Int32(pauseDebts.count)..<Int32(pauseDebts.count + pause.debts.count)
                for debt in pause.debts { pauseDebts.append(try child(debt, .debt)) }
                pauseSlots[key] = pauses.count
                pauses.append(Pause(key: key, household: Int32(h), debts: covered, from: Int32(pause.from), until: Int32(pause.until),
                                    liftedOn: pause.liftedOn.map(Int32.init), previous: record.lastPause))
                record.lastPause = Int32(pauses.count - 1)
            }
            households.append(record)
        }
        for (name, stats) in projection.creditors.sorted(by: { $0.key < $1.key }) {
            let ordinal = texts.intern(name)
            if creditors.count <= ordinal { creditors.append(contentsOf: repeatElement(nil, count: ordinal + 1 - creditors.count)) }
            creditors[ordinal] = stats
        }
    }
}

private func codes<E: RawRepresentable & CaseIterable & Equatable & Sendable>(_ list: [String]) throws(NotFromALog) -> CodeList<E> where E.RawValue == String {
    var codes = CodeList<E>()
    for name in list {
        guard let value = E(rawValue: name), !codes.contains(value) else { throw NotFromALog() }
        codes.append(value)
    }
    return codes
}

/// Something in a projection a replay could not have produced.
private struct NotFromALog: Error {}
