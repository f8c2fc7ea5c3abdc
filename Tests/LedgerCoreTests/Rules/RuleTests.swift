import LedgerTesting
import Testing
@testable import LedgerCore

/// Every business rule, refused with its name and leaving the state as it was, and the
/// ordinary path through each event type accepted with the state it should leave.
struct RuleTests {
    typealias W = World

    @Test(arguments: RuleCases.refusals.indices)
    func refusedWithItsRuleAndNothingChanges(case index: Int) throws {
        let (what, setup, event, rule) = RuleCases.refusals[index]
        var world = try World.enrolled()
        try world.apply(setup)
        let before = world.state
        do {
            try world.apply(event)
            Issue.record("\(what): accepted, expected rule \(rule)")
        } catch let violation as RuleViolation {
            #expect(violation.rule == rule, "\(what): \(violation)")
        }
        #expect(world.state == before, "\(what): state changed by a refused event")
    }

    @Test func theFundMovesAsDoubleEntry() throws {
        var world = try World.enrolled()
        try world.apply([W.offer("HH-001/O-001", debt: "HH-001/D-001", 40_000), W.accept("HH-001/O-001")])
        #expect(world.state.fund.committedCents == 40_000 && world.state.fund.availableCents == 60_000)
        try world.apply(W.pay("HH-001/O-001", 40_000))
        #expect(world.state.fund.committedCents == 0 && world.state.fund.paidCents == 40_000 && world.state.fund.availableCents == 60_000)
        #expect(world.state.debts["HH-001/D-001"]?.open == false)
        try world.apply(W.event(.paymentReversed, ["offer": "HH-001/O-001", "amountCents": 40_000, "reason": "wrong account"]))
        #expect(world.state.fund.paidCents == 0 && world.state.fund.availableCents == 100_000)
        #expect(world.state.debts["HH-001/D-001"]?.open == true)
        // A reversed offer frees the debt for a new one; withdrawing an accepted offer releases its commitment.
        try world.apply([W.offer("HH-001/O-002", debt: "HH-001/D-001", 30_000), W.accept("HH-001/O-002")])
        #expect(world.state.fund.availableCents == 70_000)
        try world.apply(W.event(.offerWithdrawn, ["offer": "HH-001/O-002", "reason": "creditor waived"]))
        #expect(world.state.fund.availableCents == 100_000 && world.state.fund.committedCents == 0)
        try world.apply([W.event(.repaymentAgreed, ["monthlyCents": 2_500, "months": 12, "inKind": false]),
                         W.event(.repaymentReceived, ["amountCents": 2_500, "kind": "money"])])
        #expect(world.state.fund.repaidCents == 2_500 && world.state.fund.availableCents == 102_500)
    }

    @Test func debtAmountsFollowBalancesCorrectionsAndCosts() throws {
        var world = try World.enrolled()
        try world.apply(W.event(.balanceConfirmed, ["debt": "HH-001/D-001", "currentCents": 52_000]))
        try world.apply(W.event(.costsAdded, ["debt": "HH-001/D-001", "amountCents": 1_500, "kind": "collectionCosts"]))
        #expect(world.state.debts["HH-001/D-001"]?.currentCents == 53_500)
        try world.apply(W.event(.debtCorrected, ["debt": "HH-001/D-001", "creditor": "CJIB", "category": "rijksoverheid", "currentCents": 53_000, "reason": "double counted"]))
        #expect(world.state.debts["HH-001/D-001"]?.currentCents == 53_000)
        // The inventory checks the current total, so it must follow the changes.
        #expect(throws: RuleViolation.self) { try world.apply(W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 80_000])) }
        try world.apply(W.event(.inventoryCompleted, ["debtCount": 2, "totalCents": 83_000]))
    }

    @Test func lateClaimIsDerivedWhenLeftOut() throws {
        var world = try World.enrolled()
        let before = try world.apply(W.debt("HH-001/D-003", 100))
        #expect(before.envelope.data["lateClaim"] == .bool(false))
        try world.apply(W.event(.inventoryCompleted, ["debtCount": 3, "totalCents": 80_100]))
        let after = try world.apply(W.debt("HH-001/D-004", 100))
        #expect(after.envelope.data["lateClaim"] == .bool(true))
        #expect(after.envelope.data.members.last?.key == "lateClaim")
    }

    @Test func followUpAfterExit() throws {
        var world = try World.enrolled()
        try world.apply([W.event(.repaymentAgreed, ["monthlyCents": 1_000, "months": 6, "inKind": true]),
                         W.event(.householdExited, ["reason": "droppedOut"])])
        // Relapse is measured by developments after exit, and repayments go on.
        try world.apply(W.event(.developmentRecorded, ["area": "newDebts", "direction": "worsened"]))
        try world.apply(W.event(.repaymentReceived, ["amountCents": 1_000, "kind": "contribution"]))
        #expect(throws: RuleViolation.self) { try world.apply(W.event(.householdExited, ["reason": "other"])) }
    }

    @Test func aDebtFreeExitAfterEveryDebtIsResolved() throws {
        var world = try World.enrolled()
        try world.apply([W.offer("HH-001/O-001", debt: "HH-001/D-001", 25_000), W.accept("HH-001/O-001"), W.pay("HH-001/O-001", 25_000),
                         W.event(.debtResolved, ["debt": "HH-001/D-002", "how": "waived"]),
                         W.event(.householdExited, ["reason": "debtFree"])])
        #expect(world.state.households["HH-001"]?.exited == true)
    }
}
