extension ProgramProjection {
    /// The projection the views and the projection files show, materialised from the compact
    /// model a replay builds.
    public init(_ model: CompactProjection) {
        self.init()
        seq = model.seq
        lastEffective = model.lastEffective
        fund = model.fundLedger
        var statuses = model.householdStatuses { $0 }
        for debt in model.debts where statuses[Int(debt.household)] != nil {
            statuses[Int(debt.household)]!.debts[PseudonymKey.childID(debt.key, kind: .debt)] = model.status(of: debt)
        }
        for offer in model.offers where statuses[Int(offer.household)] != nil {
            statuses[Int(offer.household)]!.offers[PseudonymKey.childID(offer.key, kind: .offer)] = OfferView(
                debt: PseudonymKey.childID(offer.debt, kind: .debt), amountCents: offer.amountCents, sentOn: Int(offer.sentOn),
                expiresOn: Int(offer.expiresOn), status: offer.status.rawValue, decidedOn: offer.decidedOn.map(Int.init))
        }
        for pause in model.pauses where statuses[Int(pause.household)] != nil {
            statuses[Int(pause.household)]!.pauses[PseudonymKey.childID(pause.key, kind: .pause)] = PauseView(
                debts: model.pauseDebts[Int(pause.debts.lowerBound)..<Int(pause.debts.upperBound)].map { PseudonymKey.childID($0, kind: .debt) },
                from: Int(pause.from), until: Int(pause.until), liftedOn: pause.liftedOn.map(Int.init))
        }
        households = Dictionary(uniqueKeysWithValues: statuses.lazy.compactMap { $0 }.map { ($0.id, $0) })
        for (ordinal, stats) in model.creditors.enumerated() {
            if let stats { creditors[model.texts.string(model.texts.internedTexts[ordinal])] = stats }
        }
    }
}

extension CompactProjection {
    var fundLedger: FundLedger {
        var ledger = FundLedger()
        ledger.fund = fund.name.map(texts.string)
        ledger.depositedCents = fund.depositedCents
        ledger.repaidCents = fund.repaidCents
        ledger.committedCents = fund.committedCents
        ledger.paidCents = fund.paidCents
        ledger.movements = movements.map { m in
            FundMovement(
                seq: m.seq, on: Int(m.on), kind: m.kind, amountCents: m.amountCents,
                household: m.household < 0 ? nil : PseudonymKey.householdID(m.household),
                offer: m.offer < 0 ? nil : PseudonymKey.childID(m.offer, kind: .offer),
                debt: m.debt < 0 ? nil : PseudonymKey.childID(m.debt, kind: .debt),
                paymentRef: m.paymentRef.map(texts.string))
        }
        return ledger
    }

    /// `transform` of each household record `including` keeps, as a `HouseholdStatus` with its
    /// developments but without its debts, offers and pauses, by record (nil for the others);
    /// never of the records of households approached again since. Built on every core: a
    /// national program's report waits for this after the replay, with the other cores idle;
    /// and transformed where built, so a caller that needs one figure of each does not hold a
    /// million statuses at once.
    func householdStatuses<T>(including: (Household) -> Bool = { _ in true },
                              _ transform: (HouseholdStatus) -> T) -> [T?] {
        // Each record's developments in log order, grouped so that records can be built apart.
        let developments = RecordGroups(self.developments, records: households.count) { Int($0.household) }
        return Parallel.map(households.count, minimumPerCore: 1024) { slot in
            let h = households[slot]
            guard !h.replaced && including(h) else { return nil }
            var status = HouseholdStatus(id: PseudonymKey.householdID(h.key), approachedOn: Int(h.approachedOn), channel: h.channel.rawValue)
            status.answer = h.answer?.rawValue
            status.enrolledOn = h.enrolledOn.map(Int.init)
            status.adults = h.adults
            status.minors = h.minors
            status.adultChildren = h.adultChildren
            status.coach = h.coach.map(PseudonymKey.coachID)
            status.intensity = h.intensity?.rawValue
            status.causes = h.causes?.values.map(\.rawValue)
            status.problemAreas = h.problemAreas?.values.map(\.rawValue)
            status.priorHelp = h.priorHelp?.values.map(\.rawValue)
            status.typologyAssessment = h.typology.map {
                TypologyAssessment(selfReliance: $0.selfReliance.rawValue, multiproblem: $0.multiproblem.rawValue,
                                   note: $0.note.map(texts.string), on: Int($0.on))
            }
            status.inventoryCompletedOn = h.inventoryCompletedOn.map(Int.init)
            status.fundSpentCents = h.fundSpentCents
            status.repayment = h.repayment
            status.exitedOn = h.exitedOn.map(Int.init)
            status.exitReason = h.exitReason?.rawValue
            status.developments = developments[slot].map { d in
                LedgerCore.Development(seq: d.seq, on: Int(d.on), area: d.area.rawValue, direction: d.direction.rawValue, afterExit: d.afterExit)
            }
            return transform(status)
        }
    }

    func status(of debt: Debt) -> DebtStatus {
        DebtStatus(
            id: PseudonymKey.childID(debt.key, kind: .debt), creditor: texts.string(texts.internedTexts[Int(debt.creditor)]),
            category: debt.category.rawValue, originalCents: debt.originalCents, currentCents: debt.currentCents,
            preferential: debt.preferential, lateClaim: debt.lateClaim, registeredOn: Int(debt.registeredOn),
            state: debt.state.rawValue, resolution: debt.resolution?.rawValue, resolvedOn: debt.resolvedOn.map(Int.init),
            paidCents: debt.paidCents, balanceRequestedOn: debt.balanceRequestedOn.map(Int.init), costsCents: debt.costsCents,
            costsDuringPauseCents: debt.costsDuringPauseCents)
    }
}

/// Items grouped by the record they belong to, each group in the items' order: one array and
/// the start of each group in it.
struct RecordGroups<Item>: Sendable where Item: Sendable {
    private let items: [Item]
    private let starts: [Int32]

    init(_ all: [Item], records: Int, record: (Item) -> Int) {
        var starts = [Int32](repeating: 0, count: records + 1)
        for item in all { starts[record(item) + 1] += 1 }
        for r in 0..<records { starts[r + 1] += starts[r] }
        var next = starts
        var grouped = [Item?](repeating: nil, count: all.count)
        for item in all {
            grouped[Int(next[record(item)])] = item
            next[record(item)] += 1
        }
        items = grouped.map { $0! }
        self.starts = starts
    }

    subscript(record: Int) -> ArraySlice<Item> { items[Int(starts[record])..<Int(starts[record + 1])] }
}
