import LedgerTesting
import Testing
@testable import LedgerCore

/// Random but plausible command streams — a scarce fund, ids drawn from a small space so that
/// commands collide, amounts near the limits — applied the way the ledger applies them.
struct PropertyTests {
    static func command(_ r: inout SplitMix64, _ state: LedgerState) -> PendingEvent {
        // Mostly households, debts and offers that exist, so that many commands can succeed.
        let active = state.households.filter { $0.record.enrolled && !$0.record.exited }.map(\.id).sorted()
        let household = !active.isEmpty && r.chance(0.85) ? r.pick(active) : "HH-0\(r.int(10...40))"
        let debts = state.households[household]?.debts ?? []
        let debt = !debts.isEmpty && r.chance(0.75) ? r.pick(debts) : "\(household)/D-0\(r.int(10...30))"
        let offers = state.offers.filter { $0.value.household == household }.keys.sorted()
        let offer = !offers.isEmpty && r.chance(0.70) ? r.pick(offers) : "\(household)/O-0\(r.int(10...40))"
        let day = "2024-0\(r.int(4...9))-1\(r.int(0...9))"
        func event(_ type: EventType, _ data: JSONObject) -> PendingEvent {
            World.event(type, household: household, on: day, actor: "coach-0\(r.int(1...3))", data)
        }
        let known = state.offers[offer]
        switch r.int(0...19) {
        case 0: return World.deposit(Int64(r.int(1...60_000)))
        case 1, 2, 3:
            // Intake: mostly the next step for some household, now and then a step out of turn.
            let newcomer = "HH-0\(r.int(10...40))"
            let record = state.households[newcomer]
            let step = r.chance(0.10) ? r.int(0...2) : record == nil ? 0 : record?.answer != .yes ? 1 : 2
            switch step {
            case 0: return World.approach(newcomer)
            case 1: return World.event(.householdResponded, household: newcomer, on: day, ["answer": .string(r.pick(["yes", "yes", "yes", "maybe", "no"]))])
            default: return World.enroll(newcomer)
            }
        case 4, 5:
            return World.debt(debt, Int64(r.int(0...90_000)), category: r.pick(["rijksoverheid", "wonen", "zorg"]), household: household)
        case 6: return event(.costsAdded, ["debt": .string(debt), "amountCents": .integer(Int64(r.int(1...5_000))), "kind": "interest"])
        case 7: return event(.balanceConfirmed, ["debt": .string(debt), "currentCents": .integer(Int64(r.int(0...90_000)))])
        case 8, 9:
            let current = state.debts[debt]?.currentCents ?? 50_000
            let amount = max(1, Int64(Double(current) * Double(r.int(20...110)) / 100))
            return event(.offerSent, ["offer": .string(offer), "debt": .string(debt), "amountCents": .integer(amount), "expiresOn": "2024-12-31"])
        case 10, 11: return event(.offerAccepted, ["offer": .string(offer)])
        case 12: return event(.offerRejected, ["offer": .string(offer), "reason": "too low"])
        case 13: return event(.offerWithdrawn, ["offer": .string(offer), "reason": "changed plan"])
        case 14, 15:
            let amount = (known?.amountCents ?? 1_000) + (r.chance(0.80) ? 0 : Int64(r.int(-5...5)))
            return event(.settlementPaid, ["offer": .string(offer), "fund": "afkoopfonds", "amountCents": .integer(max(1, amount)), "paymentRef": "PAY-1"])
        case 16: return event(.paymentReversed, ["offer": .string(offer), "amountCents": .integer(known?.amountCents ?? 1_000), "reason": "returned"])
        case 17:
            let record = state.households[household]
            let count = Int64(record?.debts.count ?? 0)
            let total = record?.debts.reduce(Int64(0)) { $0 + state.debts[$1]!.currentCents } ?? 0
            return event(.inventoryCompleted, ["debtCount": .integer(count), "totalCents": .integer(total + (r.chance(0.80) ? 0 : 1))])
        case 18:
            return r.chance(0.50) ? event(.repaymentAgreed, ["monthlyCents": 1_000, "months": 10, "inKind": false])
                : event(.repaymentReceived, ["amountCents": .integer(Int64(r.int(1...3_000))), "kind": "money"])
        default:
            return r.chance(0.92) ? event(.debtResolved, ["debt": .string(debt), "how": "waived"])
                : event(.householdExited, ["reason": .string(r.pick(["debtFree", "droppedOut", "moved"]))])
        }
    }

    @Test(arguments: 1...12)
    func randomStreamsKeepTheInvariantsAndRebuildToTheSameState(seed: UInt64) throws {
        var r = SplitMix64(seed: seed)
        var world = World()
        var accepted: [PendingEvent] = []
        var acceptedAmount: [String: Int64] = [:]
        var paidAmount: [String: Int64] = [:]
        var refused = 0
        var byRule: [String: Int] = [:]
        for _ in 0..<400 {
            let command = Self.command(&r, world.state)
            do {
                let event = try world.apply(command)
                accepted.append(event.envelope)
                switch event.payload {
                case .offerAccepted(let p): acceptedAmount[p.offer] = world.state.offers[p.offer]!.amountCents
                case .offerWithdrawn(let p): acceptedAmount[p.offer] = nil
                case .settlementPaid(let p): paidAmount[p.offer, default: 0] += p.amountCents
                case .paymentReversed(let p): paidAmount[p.offer, default: 0] -= p.amountCents
                default: break
                }
            } catch let violation as RuleViolation {
                refused += 1
                byRule[violation.rule, default: 0] += 1
            }
            let fund = world.state.fund
            #expect(fund.availableCents >= 0 && fund.committedCents >= 0 && fund.paidCents >= 0)
            for (offer, paid) in paidAmount { #expect(paid <= acceptedAmount[offer] ?? 0, "\(offer) paid \(paid) over accepted") }
            // The books balance: what is committed and paid is exactly the accepted offers, unpaid and paid.
            let offers = world.state.offers.values
            #expect(fund.committedCents == offers.filter { $0.status == .accepted }.reduce(0) { $0 + $1.amountCents })
            #expect(fund.paidCents == offers.filter { $0.status == .paid }.reduce(0) { $0 + $1.amountCents })
        }
        #expect(accepted.count > 60 && refused > 60, "a stream that exercises both sides: \(accepted.count) accepted, \(refused) refused \(byRule.sorted { $0.value > $1.value })")

        // Rebuild: write what was accepted to a log in batches of random size, and replay it.
        let ledger = Ledger(store: LogStore(path: Fixtures.scratchPath(), clock: Fixtures.clock))
        try ledger.store.create()
        var rest = accepted[...]
        while !rest.isEmpty {
            let batch = rest.prefix(r.int(1...40))
            rest = rest.dropFirst(batch.count)
            #expect(try ledger.append(Array(batch)).appended != nil)
        }
        #expect(try ledger.state() == world.state)
    }
}
