import LedgerCore

/// One case per business rule: the events applied on top of `World.enrolled()`, the event that
/// must then be refused, and the rule it breaks. The domain tests and the end-to-end tests both
/// run every case.
public enum RuleCases {
    typealias W = World

    /// (what, events applied first, the event that must be refused, the rule it breaks)
    public static let refusals: [(String, [PendingEvent], PendingEvent, String)] = [
        ("a second fund", [], W.deposit(5, fund: "anderfonds"), "one-fund"),
        ("approaching twice", [], W.approach("HH-001"), "household-new"),
        ("an answer from a stranger", [], W.event(.householdResponded, household: "HH-002", ["answer": "yes"]), "household-approached"),
        ("answering after enrolment", [], W.event(.householdResponded, ["answer": "no"]), "household-not-enrolled"),
        ("enrolling twice", [], W.enroll("HH-001"), "household-not-enrolled"),
        ("enrolling without an answer", [W.approach("HH-002")], W.enroll("HH-002"), "answered-yes"),
        ("enrolling after maybe", [W.approach("HH-002"), W.event(.householdResponded, household: "HH-002", ["answer": "maybe"])], W.enroll("HH-002"), "answered-yes"),
        ("a debt of a household never enrolled", [W.approach("HH-002")], W.debt("HH-002/D-001", 5, household: "HH-002"), "household-enrolled"),
        ("a coach for a household never enrolled", [W.approach("HH-002")], W.event(.coachAssigned, household: "HH-002", ["coach": "coach-02", "intensity": "average"]), "household-enrolled"),
        ("a debt after the exit", [W.event(.householdExited, ["reason": "moved"])], W.debt("HH-001/D-009", 5), "household-active"),
        ("a second registration of a debt", [], W.debt("HH-001/D-001", 5), "debt-unique"),
        ("lateClaim false after the inventory", [W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 80_000])], W.debt("HH-001/D-009", 5, lateClaim: false), "late-claim"),
        ("lateClaim true before the inventory", [], W.debt("HH-001/D-009", 5, lateClaim: true), "late-claim"),
        ("a balance request for an unknown debt", [], W.event(.balanceRequested, ["debt": "HH-001/D-009"]), "debt-known"),
        ("costs on a resolved debt", [W.event(.debtResolved, ["debt": "HH-001/D-001", "how": "waived"])], W.event(.costsAdded, ["debt": "HH-001/D-001", "amountCents": 500, "kind": "fine"]), "debt-open"),
        ("an inventory with the wrong count", [], W.event(.inventoryCompleted, ["debtCount": 3, "totalCents": 80_000]), "inventory-matches"),
        ("an inventory with the wrong total", [], W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 80_001]), "inventory-matches"),
        ("a second inventory", [W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 80_000])], W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 80_000]), "inventory-once"),
        ("a pause ending when it starts", [], W.event(.pauseInvoked, ["pause": "HH-001/P-1", "debts": ["HH-001/D-001"], "from": "2024-05-01", "until": "2024-05-01"]), "pause-dates"),
        ("a pause of a resolved debt", [W.event(.debtResolved, ["debt": "HH-001/D-002", "how": "paidOff"])], W.event(.pauseInvoked, ["pause": "HH-001/P-1", "debts": ["HH-001/D-001", "HH-001/D-002"], "from": "2024-05-01", "until": "2024-11-01"]), "debt-open"),
        ("a pause id used twice", [pause], pause, "pause-unique"),
        ("lifting a pause twice", [pause, lift], lift, "pause-active"),
        ("lifting a pause after it ended", [pause], W.event(.pauseLifted, on: "2024-11-01", ["pause": "HH-001/P-1", "reason": "late"]), "pause-active"),
        ("lifting an unknown pause", [], lift, "pause-active"),
        ("an offer above the debt", [], W.offer("HH-001/O-001", debt: "HH-001/D-001", 50_001), "offer-within-debt"),
        ("an offer id used twice", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100)], W.offer("HH-001/O-001", debt: "HH-001/D-002", 100), "offer-unique"),
        ("a second offer on one debt", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100)], W.offer("HH-001/O-002", debt: "HH-001/D-001", 100), "one-offer-per-debt"),
        ("an offer that expired before it was sent", [], W.offer("HH-001/O-001", debt: "HH-001/D-001", 100, expires: "2024-04-30"), "offer-expiry"),
        ("accepting an unknown offer", [], W.accept("HH-001/O-009"), "offer-known"),
        ("accepting twice", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.accept("HH-001/O-001"), "offer-open"),
        ("accepting after expiry", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100, expires: "2024-05-10")], W.accept("HH-001/O-001", on: "2024-05-11"), "offer-expired"),
        ("accepting more than the fund has", [W.debt("HH-001/D-003", 200_000), W.offer("HH-001/O-001", debt: "HH-001/D-003", 100_001)], W.accept("HH-001/O-001"), "fund-available"),
        ("accepting past what other acceptances committed", [W.debt("HH-001/D-003", 200_000), W.offer("HH-001/O-001", debt: "HH-001/D-003", 60_000), W.accept("HH-001/O-001"), W.offer("HH-001/O-002", debt: "HH-001/D-001", 40_001)], W.accept("HH-001/O-002"), "fund-available"),
        ("rejecting an accepted offer", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.event(.offerRejected, ["offer": "HH-001/O-001", "reason": "no"]), "offer-open"),
        ("withdrawing a rejected offer", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.event(.offerRejected, ["offer": "HH-001/O-001", "reason": "no"])], W.event(.offerWithdrawn, ["offer": "HH-001/O-001", "reason": "x"]), "offer-open-or-accepted"),
        ("paying an offer not accepted", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100)], W.pay("HH-001/O-001", 100), "offer-accepted"),
        ("paying twice", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001"), W.pay("HH-001/O-001", 100)], W.pay("HH-001/O-001", 100), "offer-accepted"),
        ("paying another amount", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.pay("HH-001/O-001", 101), "payment-equals-accepted"),
        ("paying from another fund", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.pay("HH-001/O-001", 100, fund: "anderfonds"), "one-fund"),
        ("reversing a payment never made", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.event(.paymentReversed, ["offer": "HH-001/O-001", "amountCents": 100, "reason": "x"]), "payment-exists"),
        ("reversing another amount", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001"), W.pay("HH-001/O-001", 100)], W.event(.paymentReversed, ["offer": "HH-001/O-001", "amountCents": 99, "reason": "x"]), "reversal-equals-payment"),
        ("resolving a debt with an open offer", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100)], W.event(.debtResolved, ["debt": "HH-001/D-001", "how": "waived"]), "offer-pending"),
        ("exiting with an accepted offer", [W.offer("HH-001/O-001", debt: "HH-001/D-001", 100), W.accept("HH-001/O-001")], W.event(.householdExited, ["reason": "droppedOut"]), "offer-pending"),
        ("exiting debt-free with open debts", [], W.event(.householdExited, ["reason": "debtFree"]), "debt-free-exit"),
        ("a repayment without an agreement", [], W.event(.repaymentReceived, ["amountCents": 100, "kind": "money"]), "repayment-agreed"),
        ("a repayment from a household never enrolled", [W.approach("HH-002")], W.event(.repaymentReceived, household: "HH-002", ["amountCents": 100, "kind": "money"]), "household-enrolled"),
        ("a key used twice", [W.event(.coachAssigned, key: "k-1", ["coach": "coach-02", "intensity": "average"])], W.event(.coachAssigned, key: "k-1", ["coach": "coach-03", "intensity": "average"]), "key-unique"),
    ]

    static let pause = W.event(.pauseInvoked, ["pause": "HH-001/P-1", "debts": ["HH-001/D-001"], "from": "2024-05-01", "until": "2024-11-01"])
    static let lift = W.event(.pauseLifted, on: "2024-06-01", ["pause": "HH-001/P-1", "reason": "settled"])
}
