import CSupport

extension CompactProjection {
    /// Folds one event, as `Fact.read` read it from `line`. Like the projection it stands for,
    /// it folds facts without judging them (the rules were checked when the events were
    /// written, and `verify` checks them again), so a filtered replay folds whatever it is given.
    /// The envelope is read in place: only its seq and date, and a pause's household.
    mutating func fold(_ event: UnsafePointer<EventLine>, line: UnsafeRawBufferPointer, householdKey key: Int64, _ fact: Fact) {
        seq = event.pointee.seq
        lastEffective = max(lastEffective, event.pointee.effective)
        let day = Int32(event.pointee.effective)
        switch fact {
        case .fundDeposited(let name, let amount):
            fund.name = texts.add(name.bytes(line))
            fund.depositedCents += amount
            movements.append(Movement(seq: seq, on: day, kind: .deposit, amountCents: amount))
            return
        case .householdApproached(let channel):
            if let old = householdSlots[key] { households[old].replaced = true }
            householdSlots[key] = households.count
            households.append(Household(key: key, approachedOn: day, channel: channel))
            return
        default:
            break
        }
        // Every other event is about a household already approached.
        guard let h = householdSlots[key] else {
            // A filtered replay may hold a repayment without its household: the fund still counts it.
            if case .repaymentReceived(let amount) = fact {
                fund.repaidCents += amount
                movements.append(Movement(seq: seq, on: day, kind: .repayment, amountCents: amount, household: key))
            }
            return
        }
        fold(fact, household: h, key: key, day: day, event: event, line: line)
    }

    private mutating func fold(_ fact: Fact, household h: Int, key: Int64, day: Int32, event: UnsafePointer<EventLine>, line: UnsafeRawBufferPointer) {
        switch fact {
        case .fundDeposited, .householdApproached:
            break
        case .householdResponded(let answer):
            households[h].answer = answer
        case .householdEnrolled(let adults, let minors, let adultChildren, let coach, let intensity):
            households[h].enrolledOn = day
            households[h].adults = adults
            households[h].minors = minors
            households[h].adultChildren = adultChildren
            households[h].coach = coach
            households[h].intensity = intensity
        case .coachAssigned(let coach, let intensity):
            households[h].coach = coach
            households[h].intensity = intensity
        case .circumstancesAssessed(let causes, let areas, let help):
            households[h].causes = causes
            households[h].problemAreas = areas
            households[h].priorHelp = help
        case .typologyAssessed(let selfReliance, let multiproblem, let note):
            households[h].typology = Household.Typology(
                selfReliance: selfReliance, multiproblem: multiproblem, note: note.map { texts.add($0.bytes(line)) }, on: day)
        case .developmentRecorded(let area, let direction):
            let afterExit = households[h].exitedOn != nil
            developments.append(Development(household: Int32(h), seq: seq, on: day, area: area, direction: direction, afterExit: afterExit))
            if afterExit && area == .newDebts && direction == .worsened { households[h].relapsed = true }
        case .debtRegistered(let debt, let creditor, let category, let original, let current, let preferential, let lateClaim):
            let record = Debt(
                key: debt, originalCents: original, currentCents: current, household: Int32(h),
                creditor: Int32(texts.intern(creditor.bytes(line))), registeredOn: day, category: category,
                preferential: preferential, lateClaim: lateClaim)
            if let slot = debtSlots[debt] {
                debts[slot] = record
            } else {
                debtSlots[debt] = debts.count
                debts.append(record)
            }
        case .balanceRequested(let debt):
            guard let d = self.debt(debt, of: h) else { break }
            debts[d].balanceRequestedOn = day
            debts[d].state = .balanceRequested
            count(debts[d].creditor) { $0.balanceRequests += 1 }
        case .balanceConfirmed(let debt, let current):
            guard let d = self.debt(debt, of: h) else { break }
            let requested = debts[d].balanceRequestedOn
            debts[d].balanceRequestedOn = nil
            debts[d].currentCents = current
            debts[d].state = .confirmed
            if let requested {
                count(debts[d].creditor) {
                    $0.balanceAnswers += 1
                    $0.responseDays += Int(day - requested)
                }
            }
        case .debtCorrected(let debt, let creditor, let category, let current):
            guard let d = self.debt(debt, of: h) else { break }
            debts[d].creditor = Int32(texts.intern(creditor.bytes(line)))
            debts[d].category = category
            debts[d].currentCents = current
        case .costsAdded(let debt, let amount):
            let paused = isPaused(debt, of: h, on: day)
            guard let d = self.debt(debt, of: h) else {
                count(nil) {
                    $0.costsCents += amount
                    if paused { $0.costsDuringPauseCents += amount }
                }
                break
            }
            debts[d].currentCents += amount
            debts[d].costsCents += amount
            if paused { debts[d].costsDuringPauseCents += amount }
            count(debts[d].creditor) {
                $0.costsCents += amount
                if paused { $0.costsDuringPauseCents += amount }
            }
        case .inventoryCompleted:
            households[h].inventoryCompletedOn = day
        case .pauseInvoked(let pause, let list, let from, let until):
            let keys = DataCursor.childKeys(list, in: line, household: event.pointee.household!, householdKey: key, kind: .debt)
            let covered = Int32(pauseDebts.count)..<Int32(pauseDebts.count + keys.count)
            pauseDebts.append(contentsOf: keys)
            if let p = self.pause(pause, of: h) {
                pauses[p].debts = covered
                pauses[p].from = from
                pauses[p].until = until
                pauses[p].liftedOn = nil
            } else {
                pauseSlots[pause] = pauses.count
                pauses.append(Pause(key: pause, household: Int32(h), debts: covered, from: from, until: until, previous: households[h].lastPause))
                households[h].lastPause = Int32(pauses.count - 1)
            }
        case .pauseLifted(let pause):
            guard let p = self.pause(pause, of: h) else { break }
            pauses[p].liftedOn = day
        case .offerSent(let offer, let debt, let amount, let expiresOn):
            let d = self.debt(debt, of: h)
            let record = Offer(key: offer, debt: debt, amountCents: amount, household: Int32(h), sentOn: day, expiresOn: expiresOn,
                               debtSlot: d.map(Int32.init) ?? -1)
            if let slot = offerSlots[offer] {
                offers[slot] = record
            } else {
                offerSlots[offer] = offers.count
                offers.append(record)
            }
            if let d { debts[d].state = .offered }
            count(d.map { debts[$0].creditor }) { $0.offersSent += 1 }
        case .offerAccepted(let offer):
            guard let before = decide(offer, of: h, .accepted, on: day) else { break }
            let d = debt(of: before, h)
            if let d { debts[d].state = .accepted }
            fund.committedCents += before.amountCents
            movements.append(Movement(seq: seq, on: day, kind: .commitment, amountCents: before.amountCents, household: key, offer: offer, debt: before.debt))
            count(d.map { debts[$0].creditor }) {
                $0.offersAccepted += 1
                $0.acceptanceDays += Int(day - before.sentOn)
            }
        case .offerRejected(let offer):
            guard let before = decide(offer, of: h, .rejected, on: day) else { break }
            let d = debt(of: before, h)
            if let d { debts[d].state = .rejected }
            count(d.map { debts[$0].creditor }) { $0.offersRejected += 1 }
        case .offerWithdrawn(let offer):
            guard let before = decide(offer, of: h, .withdrawn, on: day) else { break }
            if before.status == .accepted {
                fund.committedCents -= before.amountCents
                movements.append(Movement(seq: seq, on: day, kind: .release, amountCents: before.amountCents, household: key, offer: offer, debt: before.debt))
            }
            if let d = debt(of: before, h) { debts[d].state = .confirmed }
        case .settlementPaid(let offer, let amount, let paymentRef):
            guard let before = decide(offer, of: h, .paid, on: day) else { break }
            fund.committedCents -= before.amountCents
            fund.paidCents += amount
            movements.append(Movement(seq: seq, on: day, kind: .payment, amountCents: amount, household: key, offer: offer, debt: before.debt,
                                      paymentRef: texts.add(paymentRef.bytes(line))))
            households[h].fundSpentCents += amount
            if let d = debt(of: before, h) {
                debts[d].state = .resolved
                debts[d].resolution = .boughtOff
                debts[d].resolvedOn = day
                debts[d].paidCents = amount
            }
        case .paymentReversed(let offer, let amount):
            guard let before = decide(offer, of: h, .reversed, on: day) else { break }
            fund.paidCents -= amount
            movements.append(Movement(seq: seq, on: day, kind: .reversal, amountCents: amount, household: key, offer: offer, debt: before.debt))
            households[h].fundSpentCents -= amount
            if let d = debt(of: before, h) {
                debts[d].state = .confirmed
                debts[d].resolution = nil
                debts[d].resolvedOn = nil
                debts[d].paidCents = 0
            }
        case .debtResolved(let debt, let how):
            guard let d = self.debt(debt, of: h) else { break }
            debts[d].state = .resolved
            debts[d].resolution = DebtResolution(how)
            debts[d].resolvedOn = day
        case .repaymentAgreed(let monthly, let months, let inKind):
            let received = households[h].repayment?.receivedCents ?? 0
            households[h].repayment = RepaymentView(monthlyCents: monthly, months: months, inKind: inKind, receivedCents: received)
        case .repaymentReceived(let amount):
            households[h].repayment?.receivedCents += amount
            fund.repaidCents += amount
            movements.append(Movement(seq: seq, on: day, kind: .repayment, amountCents: amount, household: key))
        case .householdExited(let reason):
            households[h].exitedOn = day
            households[h].exitReason = reason
        }
    }

    /// Starts loading what folding an event will touch, in two steps some lines apart: first
    /// the table entries of its ids, then — once those are cached and say where — the records.
    /// A national log's model is larger than the cache; without this the replay's one
    /// sequential thread waits on memory for most lookups (see `LogFold.foresee`).
    func prefetchEntries(household key: Int64, _ fact: Fact) {
        householdSlots.prefetch(key)
        let (debt, offer) = fact.children
        if let debt { debtSlots.prefetch(debt) }
        if let offer { offerSlots.prefetch(offer) }
    }

    func prefetchRecords(household key: Int64, _ fact: Fact) {
        // Every cache line of the record: a debt (80 bytes) straddles two lines as often as
        // not, and the field the fold reads first, its household, was on the second.
        func prefetch<T>(_ records: [T], _ index: Int?) {
            guard let index else { return }
            records.withUnsafeBufferPointer { records in
                let start = UnsafeRawPointer(records.baseAddress! + index)
                for offset in stride(from: 0, to: MemoryLayout<T>.size, by: 64) { ledger_prefetch(start + offset) }
                ledger_prefetch(start + (MemoryLayout<T>.size - 1))
            }
        }
        prefetch(households, householdSlots.peek(key))
        let (debt, offer) = fact.children
        if let debt { prefetch(debts, debtSlots.peek(debt)) }
        if let offer { prefetch(offers, offerSlots.peek(offer)) }
    }

    /// The debt `key` of household record `h`, when registered there.
    func debt(_ key: Int64, of h: Int) -> Int? {
        guard let d = debtSlots[key], debts[d].household == h else { return nil }
        return d
    }

    /// The debt an offer is on, when registered in household record `h`: the record it had
    /// when the offer was sent — its slot never changes, so this is `debt(offer.debt, of: h)`
    /// without a lookup in a table larger than the cache, for a quarter of a replay's events.
    private func debt(of offer: Offer, _ h: Int) -> Int? {
        guard offer.debtSlot >= 0 else { return debt(offer.debt, of: h) }
        return debts[Int(offer.debtSlot)].household == h ? Int(offer.debtSlot) : nil
    }

    private func pause(_ key: Int64, of h: Int) -> Int? {
        guard let p = pauseSlots[key], pauses[p].household == h else { return nil }
        return p
    }

    /// Whether one of the household's pauses covers the debt on `day`.
    private func isPaused(_ debt: Int64, of h: Int, on day: Int32) -> Bool {
        var p = Int(households[h].lastPause)
        while p >= 0 {
            let pause = pauses[p]
            if pause.covers(day) && pauseDebts[Int(pause.debts.lowerBound)..<Int(pause.debts.upperBound)].contains(debt) { return true }
            p = Int(pause.previous)
        }
        return false
    }

    /// Records an offer's decision; returns the offer as it was before it (nil when unknown).
    private mutating func decide(_ key: Int64, of h: Int, _ status: OfferStatus, on day: Int32) -> Offer? {
        guard let o = offerSlots[key], offers[o].household == h else { return nil }
        let before = offers[o]
        offers[o].status = status
        offers[o].decidedOn = day
        return before
    }

    /// Counts for a creditor, by the ordinal of its name; nil counts for "?", as the
    /// projection does for offers on debts it does not know.
    private mutating func count(_ creditor: Int32?, _ change: (inout CreditorStats) -> Void) {
        let ordinal = creditor.map(Int.init) ?? texts.intern("?")
        if creditors.count <= ordinal { creditors.append(contentsOf: repeatElement(nil, count: ordinal + 1 - creditors.count)) }
        var stats = creditors[ordinal] ?? CreditorStats()
        change(&stats)
        creditors[ordinal] = stats
    }
}
