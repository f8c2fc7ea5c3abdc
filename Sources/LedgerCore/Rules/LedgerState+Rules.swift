/// The business rules. `apply` checks an event against the state and, only when every check
/// passes, folds it in: the same function decides new events (on a copy) and replays the log,
/// so a log that breaks a rule is caught on replay too.
extension LedgerState {
    /// Applies `event` and fills in the fields the ledger derives (`DebtRegistered.lateClaim`).
    public mutating func apply(_ event: inout DomainEvent, seq: Int64) throws(RuleViolation) {
        if let derived = try apply(event, seq: seq) { event.derive(derived) }
    }

    /// Applies `event`, read where it lies; returns the payload with the fields the ledger
    /// derives filled in, when there are such fields (nil: the event goes in as it is). A batch
    /// of a million events is decided without copying each one.
    public mutating func apply(_ event: DomainEvent, seq: Int64) throws(RuleViolation) -> Payload? {
        var derived: Payload?
        let h = event.household, householdKey = event.householdKey
        if let key = event.envelope.key, let earlier = keys[key] {
            throw RuleViolation("key-unique", "idempotency key \(key) was already used at seq \(earlier.seq)")
        }
        switch event.payload {
        case .fundDeposited(let p):
            if let id = fund.id, id != p.fund {
                throw RuleViolation("one-fund", "this log's fund is \(id); a deposit into \(p.fund) belongs in another program's log")
            }
            fund.id = p.fund
            fund.depositedCents += p.amountCents

        case .householdApproached:
            // One lookup instead of a check and an insert: an import of new households is mostly this.
            guard households.insert(key: householdKey, HouseholdRecord()) else {
                throw RuleViolation("household-new", "household \(h) was already approached")
            }

        case .householdResponded(let p):
            let record = try approached(householdKey, h)
            guard !record.enrolled else { throw RuleViolation("household-not-enrolled", "household \(h) is already enrolled") }
            households.update(key: householdKey) { $0.answer = p.answer }

        case .householdEnrolled:
            let record = try approached(householdKey, h)
            guard !record.enrolled else { throw RuleViolation("household-not-enrolled", "household \(h) is already enrolled") }
            guard record.answer == .yes else {
                throw RuleViolation("answered-yes", "household \(h) has \(record.answer.map { "answered \($0.rawValue)" } ?? "not answered"); enrolment needs yes")
            }
            households.update(key: householdKey) { $0.enrolled = true }

        case .coachAssigned, .circumstancesAssessed, .typologyAssessed:
            _ = try active(householdKey, h)

        case .developmentRecorded:
            // The one event allowed after exit: follow-up is how relapse (new debts after exit) is seen.
            _ = try enrolled(householdKey, h)

        case .debtRegistered(var p):
            let record = try active(householdKey, h)
            guard debts[p.debt] == nil else { throw RuleViolation("debt-unique", "debt \(p.debt) is already registered") }
            if let late = p.lateClaim, late != record.inventoryCompleted {
                throw RuleViolation("late-claim", "lateClaim is \(late) but the inventory of \(h) is \(record.inventoryCompleted ? "" : "not ")completed")
            }
            p.lateClaim = record.inventoryCompleted
            derived = .debtRegistered(p)
            debts[p.debt] = DebtRecord(household: h, currentCents: p.currentCents)
            households.update(key: householdKey) { $0.debts.append(p.debt) }

        case .balanceRequested(let p):
            _ = try active(householdKey, h)
            _ = try openDebt(p.debt)

        case .balanceConfirmed(let p):
            _ = try active(householdKey, h)
            _ = try openDebt(p.debt)
            debts[p.debt]!.currentCents = p.currentCents

        case .debtCorrected(let p):
            _ = try active(householdKey, h)
            _ = try openDebt(p.debt)
            debts[p.debt]!.currentCents = p.currentCents

        case .costsAdded(let p):
            _ = try active(householdKey, h)
            let debt = try openDebt(p.debt)
            debts[p.debt]!.currentCents = debt.currentCents + p.amountCents

        case .inventoryCompleted(let p):
            let record = try active(householdKey, h)
            guard !record.inventoryCompleted else { throw RuleViolation("inventory-once", "the inventory of \(h) was already completed") }
            let registered = Int64(record.debts.count)
            let total = record.debts.reduce(Int64(0)) { $0 + debts[$1]!.currentCents }
            guard p.debtCount == registered, p.totalCents == total else {
                throw RuleViolation("inventory-matches", "inventory of \(h) says \(p.debtCount) debts totalling \(Money.euros(p.totalCents)), but \(registered) debts totalling \(Money.euros(total)) are registered")
            }
            households.update(key: householdKey) { $0.inventoryCompleted = true }

        case .pauseInvoked(let p):
            _ = try active(householdKey, h)
            guard pauses[p.pause] == nil else { throw RuleViolation("pause-unique", "pause \(p.pause) already exists") }
            guard p.until > p.from else {
                throw RuleViolation("pause-dates", "pause \(p.pause) ends \(CalendarDate.formatDate(days: p.until)), not after it starts \(CalendarDate.formatDate(days: p.from))")
            }
            for debt in p.debts { _ = try openDebt(debt) }
            pauses[p.pause] = PauseRecord(household: h, debts: p.debts, from: p.from, until: p.until)

        case .pauseLifted(let p):
            _ = try active(householdKey, h)
            guard let pause = pauses[p.pause] else { throw RuleViolation("pause-active", "pause \(p.pause) does not exist") }
            guard !pause.lifted else { throw RuleViolation("pause-active", "pause \(p.pause) was already lifted") }
            guard event.effective < pause.until else {
                throw RuleViolation("pause-active", "pause \(p.pause) already ended on \(CalendarDate.formatDate(days: pause.until))")
            }
            pauses[p.pause]!.lifted = true

        case .offerSent(let p):
            _ = try active(householdKey, h)
            guard offers[p.offer] == nil else { throw RuleViolation("offer-unique", "offer \(p.offer) already exists") }
            let debt = try openDebt(p.debt)
            if let other = debt.activeOffer {
                throw RuleViolation("one-offer-per-debt", "debt \(p.debt) already has offer \(other) \(offers[other]!.status.rawValue)")
            }
            guard p.amountCents <= debt.currentCents else {
                throw RuleViolation("offer-within-debt", "offer \(p.offer) for \(Money.euros(p.amountCents)) exceeds the current amount \(Money.euros(debt.currentCents)) of debt \(p.debt)")
            }
            guard p.expiresOn >= event.effective else {
                throw RuleViolation("offer-expiry", "offer \(p.offer) expires \(CalendarDate.formatDate(days: p.expiresOn)), before it is sent")
            }
            offers[p.offer] = OfferRecord(household: h, debt: p.debt, amountCents: p.amountCents, expiresOn: p.expiresOn)
            debts[p.debt]!.activeOffer = p.offer

        case .offerAccepted(let p):
            _ = try active(householdKey, h)
            let offer = try offer(p.offer, rule: "offer-open", .open)
            guard event.effective <= offer.expiresOn else {
                throw RuleViolation("offer-expired", "offer \(p.offer) expired on \(CalendarDate.formatDate(days: offer.expiresOn))")
            }
            guard offer.amountCents <= fund.availableCents else {
                throw RuleViolation("fund-available", "offer \(p.offer) for \(Money.euros(offer.amountCents)) exceeds fund available \(Money.euros(fund.availableCents)) (fund \(fund.id ?? "none"))")
            }
            offers[p.offer]!.status = .accepted
            fund.committedCents += offer.amountCents

        case .offerRejected(let p):
            _ = try active(householdKey, h)
            let offer = try offer(p.offer, rule: "offer-open", .open)
            offers[p.offer]!.status = .rejected
            debts[offer.debt]!.activeOffer = nil

        case .offerWithdrawn(let p):
            _ = try active(householdKey, h)
            let offer = try offer(p.offer, rule: "offer-open-or-accepted", .open, .accepted)
            if offer.status == .accepted { fund.committedCents -= offer.amountCents }
            offers[p.offer]!.status = .withdrawn
            debts[offer.debt]!.activeOffer = nil

        case .settlementPaid(let p):
            _ = try active(householdKey, h)
            let offer = try offer(p.offer, rule: "offer-accepted", .accepted)
            guard p.fund == fund.id else {
                throw RuleViolation("one-fund", "payment from fund \(p.fund), but this log's fund is \(fund.id ?? "none")")
            }
            guard p.amountCents == offer.amountCents else {
                throw RuleViolation("payment-equals-accepted", "payment of \(Money.euros(p.amountCents)) for offer \(p.offer) differs from the accepted \(Money.euros(offer.amountCents))")
            }
            offers[p.offer]!.status = .paid
            fund.committedCents -= offer.amountCents
            fund.paidCents += offer.amountCents
            debts[offer.debt]!.open = false
            debts[offer.debt]!.activeOffer = nil

        case .paymentReversed(let p):
            _ = try enrolled(householdKey, h)
            let offer = try offer(p.offer, rule: "payment-exists", .paid)
            guard p.amountCents == offer.amountCents else {
                throw RuleViolation("reversal-equals-payment", "reversal of \(Money.euros(p.amountCents)) for offer \(p.offer) differs from the payment \(Money.euros(offer.amountCents))")
            }
            offers[p.offer]!.status = .reversed
            fund.paidCents -= offer.amountCents
            debts[offer.debt]!.open = true

        case .debtResolved(let p):
            _ = try active(householdKey, h)
            let debt = try openDebt(p.debt)
            if let pending = debt.activeOffer {
                throw RuleViolation("offer-pending", "debt \(p.debt) has offer \(pending) \(offers[pending]!.status.rawValue); withdraw or reject it first")
            }
            debts[p.debt]!.open = false

        case .repaymentAgreed:
            _ = try active(householdKey, h)
            households.update(key: householdKey) { $0.repaymentAgreed = true }

        case .repaymentReceived(let p):
            // Repayments go on after exit: the household repays what the fund paid for it.
            let record = try enrolled(householdKey, h)
            guard record.repaymentAgreed else { throw RuleViolation("repayment-agreed", "household \(h) has no repayment agreement") }
            fund.repaidCents += p.amountCents

        case .householdExited(let p):
            let record = try active(householdKey, h)
            let pending = record.debts.compactMap { debts[$0]!.activeOffer }
            if let first = pending.first {
                throw RuleViolation("offer-pending", "household \(h) has offer \(first) \(offers[first]!.status.rawValue); withdraw or reject it before the exit")
            }
            if p.reason == .debtFree {
                let open = record.debts.filter { debts[$0]!.open }
                if !open.isEmpty {
                    throw RuleViolation("debt-free-exit", "household \(h) still has \(open.count) open debt\(open.count == 1 ? "" : "s") (\(open.prefix(3).joined(separator: ", "))\(open.count > 3 ? ", …" : ""))")
                }
            }
            households.update(key: householdKey) { $0.exited = true }
        }
        assert(fund.availableCents >= 0 && fund.committedCents >= 0 && fund.paidCents >= 0, "fund invariant")
        if let key = event.envelope.key { keys[key] = KeyRecord(seq: seq, identity: event.identity) }
        self.seq = seq
        return derived
    }

    // MARK: lookups that double as rules

    private func approached(_ key: Int64, _ h: String) throws(RuleViolation) -> HouseholdRecord {
        guard let record = households[key: key] else { throw RuleViolation("household-approached", "household \(h) was never approached") }
        return record
    }

    private func enrolled(_ key: Int64, _ h: String) throws(RuleViolation) -> HouseholdRecord {
        let record = try approached(key, h)
        guard record.enrolled else { throw RuleViolation("household-enrolled", "household \(h) is not enrolled") }
        return record
    }

    /// Enrolled and not exited: nothing happens to a household that has left the program.
    private func active(_ key: Int64, _ h: String) throws(RuleViolation) -> HouseholdRecord {
        let record = try enrolled(key, h)
        guard !record.exited else { throw RuleViolation("household-active", "household \(h) has exited the program") }
        return record
    }

    private func openDebt(_ id: String) throws(RuleViolation) -> DebtRecord {
        guard let debt = debts[id] else { throw RuleViolation("debt-known", "debt \(id) is not registered") }
        guard debt.open else { throw RuleViolation("debt-open", "debt \(id) is already resolved") }
        return debt
    }

    private func offer(_ id: String, rule: String, _ allowed: OfferStatus...) throws(RuleViolation) -> OfferRecord {
        guard let offer = offers[id] else { throw RuleViolation("offer-known", "offer \(id) was never sent") }
        guard allowed.contains(offer.status) else {
            let wanted = allowed.map(\.rawValue).joined(separator: " or ")
            throw RuleViolation(rule, "offer \(id) is \(offer.status.rawValue), not \(wanted)")
        }
        return offer
    }
}
