/// households.json written directly, with the bytes `ProjectionFiles.encode` (Foundation's
/// Codable encoding) gives: members in key order, absent optionals left out. A test holds the
/// two to each other on every demo household and on one with every field set.
extension HouseholdStatus {
    /// The file, final newline included (written by the writer: its bytes are copied out once,
    /// here, and appending the newline to that copy would copy the whole file again).
    static func prettyJSON(_ households: [String: HouseholdStatus]) -> [UInt8] {
        var w = PrettyJSONWriter(capacity: 64 + households.count * 640)  // a household of a few debts: ~600 bytes
        w.object(households) { w, household in household.write(to: &w) }
        w.newline()
        return w.bytes
    }

    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("adultChildren", adultChildren)
            w.member("adults", adults)
            w.member("answer", answer)
            w.member("approachedOn", approachedOn)
            w.member("causes", causes)
            w.member("channel", channel)
            w.member("coach", coach)
            w.member("debts")
            w.object(debts) { w, debt in debt.write(to: &w) }
            w.member("developments")
            w.array { w in
                for development in developments {
                    w.element()
                    development.write(to: &w)
                }
            }
            w.member("enrolledOn", enrolledOn)
            w.member("exitReason", exitReason)
            w.member("exitedOn", exitedOn)
            w.member("fundSpentCents", fundSpentCents)
            w.member("id", id)
            w.member("intensity", intensity)
            w.member("inventoryCompletedOn", inventoryCompletedOn)
            w.member("minors", minors)
            w.member("offers")
            w.object(offers) { w, offer in offer.write(to: &w) }
            w.member("pauses")
            w.object(pauses) { w, pause in pause.write(to: &w) }
            w.member("priorHelp", priorHelp)
            w.member("problemAreas", problemAreas)
            if let repayment {
                w.member("repayment")
                repayment.write(to: &w)
            }
            if let typologyAssessment {
                w.member("typologyAssessment")
                typologyAssessment.write(to: &w)
            }
        }
    }
}

extension TypologyAssessment {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("multiproblem", multiproblem)
            w.member("note", note)
            w.member("on", on)
            w.member("selfReliance", selfReliance)
        }
    }
}

extension Development {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("afterExit", afterExit)
            w.member("area", area)
            w.member("direction", direction)
            w.member("on", on)
            w.member("seq", seq)
        }
    }
}

extension DebtStatus {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("balanceRequestedOn", balanceRequestedOn)
            w.member("category", category)
            w.member("costsCents", costsCents)
            w.member("costsDuringPauseCents", costsDuringPauseCents)
            w.member("creditor", creditor)
            w.member("currentCents", currentCents)
            w.member("id", id)
            w.member("lateClaim", lateClaim)
            w.member("originalCents", originalCents)
            w.member("paidCents", paidCents)
            w.member("preferential", preferential)
            w.member("registeredOn", registeredOn)
            w.member("resolution", resolution)
            w.member("resolvedOn", resolvedOn)
            w.member("state", state)
        }
    }
}

extension OfferView {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("amountCents", amountCents)
            w.member("debt", debt)
            w.member("decidedOn", decidedOn)
            w.member("expiresOn", expiresOn)
            w.member("sentOn", sentOn)
            w.member("status", status)
        }
    }
}

extension PauseView {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("debts", debts)
            w.member("from", from)
            w.member("liftedOn", liftedOn)
            w.member("until", until)
        }
    }
}

extension RepaymentView {
    func write(to w: inout PrettyJSONWriter) {
        w.object { w in
            w.member("inKind", inKind)
            w.member("monthlyCents", monthlyCents)
            w.member("months", months)
            w.member("receivedCents", receivedCents)
        }
    }
}
