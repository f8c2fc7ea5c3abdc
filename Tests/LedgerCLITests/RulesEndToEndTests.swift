import Foundation
import LedgerTesting
import Testing
@testable import LedgerCore

/// The write side through the binary: rules, idempotency and concurrent writers.
struct RulesEndToEndTests {
    /// Every rule of `RuleCases`, through the binary: exit 65, the rule named, the log unchanged.
    @Test(arguments: RuleCases.refusals.indices)
    func everyRuleIsRefusedByTheBinary(case index: Int) throws {
        let (what, setup, event, rule) = RuleCases.refusals[index]
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        let prepared = (World.enrolledEvents + setup).map(\.inputLine).joined(separator: "\n")
        let first = try LedgerProcess.run(["append", "--log", log, "-"], stdin: prepared)
        #expect(first.status == 0, "\(what): setup refused: \(first.stderr)")
        let before = scratch.bytes("log.jsonl")
        let result = try LedgerProcess.run(["append", "--log", log, "-"], stdin: event.inputLine)
        #expect(result.status == 65, "\(what)")
        #expect(result.stderr.hasPrefix("error: stdin line 1: \(event.type.rawValue)"), "\(what): \(result.stderr)")
        #expect(result.stderr.contains(": rule \(rule): "), "\(what): \(result.stderr)")
        #expect(scratch.bytes("log.jsonl") == before, "\(what): log changed")
    }

    static let intake = [
        Events.deposit,
        #"{"type":"HouseholdApproached","effective":"2024-04-08","actor":"coach-01","household":"HH-007","data":{"channel":"doorToDoor"}}"#,
        #"{"type":"HouseholdResponded","effective":"2024-04-15","actor":"coach-01","household":"HH-007","data":{"answer":"yes"}}"#,
        #"{"type":"HouseholdEnrolled","effective":"2024-04-22","actor":"coach-01","household":"HH-007","data":{"adults":1,"minors":2,"adultChildren":0,"coach":"coach-01","intensity":"intensive"}}"#,
        #"{"type":"DebtRegistered","effective":"2024-05-06","actor":"coach-01","household":"HH-007","data":{"debt":"HH-007/D-001","creditor":"CJIB","category":"rijksoverheid","originalCents":300000,"currentCents":300000,"preferential":true}}"#,
    ].joined(separator: "\n") + "\n"

    /// A batch that is valid only because of its own earlier lines: the household is
    /// approached, answers, is enrolled and gets a debt, all in one append.
    @Test func aBatchCanDependOnItsOwnEarlierLines() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        let result = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Self.intake)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("appended seq 1–5 (5 events)"))
        let text = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self)
        #expect(text.contains(#""preferential":true,"lateClaim":false},"prev""#), "lateClaim derived and written last")
    }

    @Test func aRuleBrokenOnTheSecondLineRejectsTheWholeBatch() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Self.intake).status == 0)
        let before = scratch.bytes("log.jsonl")
        let batch = [
            #"{"type":"OfferSent","effective":"2024-06-03","actor":"coach-01","household":"HH-007","data":{"offer":"HH-007/O-001","debt":"HH-007/D-001","amountCents":120000,"expiresOn":"2024-07-01"}}"#,
            #"{"type":"SettlementPaid","effective":"2024-06-04","actor":"program-01","household":"HH-007","data":{"offer":"HH-007/O-001","fund":"afkoopfonds","amountCents":120000,"paymentRef":"PAY-1"}}"#,
        ].joined(separator: "\n")
        let result = try LedgerProcess.run(["append", "--log", log, "-"], stdin: batch)
        #expect(result.status == 65)
        #expect(result.stderr == "error: stdin line 2: SettlementPaid HH-007: rule offer-accepted: offer HH-007/O-001 is open, not accepted\n")
        #expect(scratch.bytes("log.jsonl") == before)
    }

    @Test func typedCommandsAreRefusedByNameWithTheLogUnchanged() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Self.intake).status == 0)
        let before = scratch.bytes("log.jsonl")
        let common = ["--log", log, "--household", "HH-007", "--actor", "coach-01"]
        let cases: [([String], String)] = [
            (["send-offer", "--offer", "HH-007/O-001", "--debt", "HH-007/D-001", "--amount", "3000.01", "--expires", "2099-01-01"],
             "error: send-offer: OfferSent HH-007: rule offer-within-debt: offer HH-007/O-001 for 3000.01 exceeds the current amount 3000.00 of debt HH-007/D-001\n"),
            (["exit", "--reason", "debtFree"], "rule debt-free-exit: household HH-007 still has 1 open debt (HH-007/D-001)"),
            (["register-debt", "--debt", "HH-007/D-001", "--creditor", "CJIB", "--category", "rijksoverheid", "--amount", "5"], "rule debt-unique"),
            (["pause", "--pause", "HH-007/P-1", "--debts", "HH-007/D-001", "--from", "2024-06-01", "--until", "2024-05-01"], "rule pause-dates"),
            (["exit", "--reason", "other", "--note", "bel 0612345678"], "data.note contains what looks like a phone number"),
        ]
        for (arguments, message) in cases {
            let result = try LedgerProcess.run(arguments + common)
            #expect(result.status == 65, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(scratch.bytes("log.jsonl") == before)
        }
        let usage = try LedgerProcess.run(["send-offer", "--offer", "HH-007/O-001", "--debt", "HH-007/D-001", "--amount", "1.234,56", "--expires", "2099-01-01"] + common)
        #expect(usage.status == 64)
        let noActor = try LedgerProcess.run(["approach", "--log", log, "--household", "HH-008", "--channel", "letter"])
        #expect(noActor.status == 64 && noActor.stderr.contains("give --actor ID or set LEDGER_ACTOR"))
        #expect(try LedgerProcess.run(["approach", "--log", log, "--household", "HH-008", "--channel", "letter"], environment: ["LEDGER_ACTOR": "coach-02"]).status == 0)
    }

    @Test func aRetriedBatchIsANoOpAndAReusedKeyIsRefused() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        let keyed = (1...3).map { Events.approach($0, key: "intake-\($0)") }.joined(separator: "\n")
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: keyed).stdout.hasPrefix("appended seq 1–3"))
        let after = scratch.bytes("log.jsonl")

        let retry = try LedgerProcess.run(["append", "--log", log, "-"], stdin: keyed)
        #expect(retry.status == 0)
        #expect(retry.stdout.contains("nothing appended: every event is already in"))
        #expect(retry.stdout.contains("already in the log: key intake-2 at seq 2"))
        #expect(scratch.bytes("log.jsonl") == after)

        let partly = keyed + "\n" + Events.approach(4, key: "intake-4")
        let more = try LedgerProcess.run(["append", "--log", log, "--json", "-"], stdin: partly)
        #expect(more.stdout.hasPrefix(#"{"first":4,"last":4,"events":1,"#))

        let reused = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.approach(9, key: "intake-1"))
        #expect(reused.status == 65)
        #expect(reused.stderr.contains("rule key-unique: idempotency key intake-1 was used for a different event at seq 1"))

        let twice = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.approach(10, key: "k") + "\n" + Events.approach(11, key: "k"))
        #expect(twice.status == 65 && twice.stderr.contains("stdin line 2: idempotency key k is also used by stdin line 1"))

        let typed = ["approach", "--log", log, "--household", "HH-050", "--channel", "letter", "--actor", "coach-01", "--key", "typed-1"]
        #expect(try LedgerProcess.run(typed).stdout.hasPrefix("appended seq 5 "))
        #expect(try LedgerProcess.run(typed).stdout.contains("already in the log: key typed-1 at seq 5"))
    }

    /// Eight writers at once: each retries the same keyed intake (so most of their events are
    /// duplicates) and each tries to accept an offer for 60% of the fund. Afterwards nothing
    /// is lost or doubled, exactly one acceptance got the money, and the log verifies.
    @Test func concurrentKeyedWritersLoseNothingAndNeverOverspend() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        var setup = Self.intake.split(separator: "\n").map(String.init)
        for writer in 0..<8 {
            setup.append(#"{"type":"DebtRegistered","effective":"2024-05-06","actor":"coach-01","household":"HH-007","data":{"debt":"HH-007/D-10\#(writer)","creditor":"Belastingdienst","category":"rijksoverheid","originalCents":30000000,"currentCents":30000000,"preferential":true}}"#)
            setup.append(#"{"type":"OfferSent","effective":"2024-06-03","actor":"coach-01","household":"HH-007","data":{"offer":"HH-007/O-10\#(writer)","debt":"HH-007/D-10\#(writer)","amountCents":25500000,"expiresOn":"2024-12-31"}}"#)
        }
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: setup.joined(separator: "\n")).status == 0)

        var scripts: [String] = []
        for writer in 0..<8 {
            var script = ""
            for round in 0..<6 {
                // Every writer sends the same keyed approaches: only the first of each may land.
                let shared = (0..<4).map { Events.approach(200 + round * 4 + $0, key: "shared-\(round)-\($0)") }
                let own = Events.approach(300 + writer * 10 + round, key: "own-\(writer)-\(round)")
                let batch = try scratch.write((shared + [own]).joined(separator: "\n"), to: "w\(writer)-\(round).jsonl")
                script += "\"\(LedgerProcess.binary)\" append --wait 120 --log \"\(log)\" \"\(batch)\" >/dev/null || exit 1\n"
            }
            script += "\"\(LedgerProcess.binary)\" accept-offer --wait 120 --log \"\(log)\" --household HH-007 --offer HH-007/O-10\(writer) --actor coach-01 --effective 2024-06-10 >/dev/null 2>&1\n"
            script += "exit 0\n"
            scripts.append(script)
        }
        #expect(try LedgerProcess.runConcurrently(scripts).allSatisfy { $0 == 0 })
        let verify = try LedgerProcess.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderr)")
        let lines = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self).split(separator: "\n")
        let keys = lines.compactMap { line in line.contains("\"key\":\"") ? String(line.split(separator: "\"key\":\"")[1].prefix { $0 != "\"" }) : nil }
        #expect(keys.count == 6 * 4 + 8 * 6, "every keyed event exactly once")
        #expect(Set(keys).count == keys.count)
        #expect(lines.filter { $0.contains("\"type\":\"OfferAccepted\"") }.count == 1, "60% of the fund can be committed once")
        let state = try Ledger(store: LogStore(path: log)).state()
        #expect(state.fund.committedCents == 25_500_000 && state.fund.availableCents == 42_500_000 - 25_500_000)
    }

    /// Someone with write access changes a payment and recomputes every hash after it: the chain
    /// is whole again, but the rules are not, and verify says where.
    @Test func aRehashedRuleBreakingLogIsCaughtByVerify() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        let pay = [
            #"{"type":"OfferSent","effective":"2024-06-03","actor":"coach-01","household":"HH-007","data":{"offer":"HH-007/O-001","debt":"HH-007/D-001","amountCents":120000,"expiresOn":"2024-07-01"}}"#,
            #"{"type":"OfferAccepted","effective":"2024-06-04","actor":"coach-01","household":"HH-007","data":{"offer":"HH-007/O-001"}}"#,
            #"{"type":"SettlementPaid","effective":"2024-06-05","actor":"program-01","household":"HH-007","data":{"offer":"HH-007/O-001","fund":"afkoopfonds","amountCents":120000,"paymentRef":"PAY-1"}}"#,
        ].joined(separator: "\n")
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Self.intake + pay).status == 0)

        try Self.rewrite(scratch, line: 8) {
            $0.replacingOccurrences(of: #""amountCents":120000,"paymentRef""#, with: #""amountCents":190000,"paymentRef""#)
        }

        #expect(try LedgerProcess.run(["verify", "--log", log, "--chain-only"]).status == 0)
        let verify = try LedgerProcess.run(["verify", "--log", log])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("seq 8 (line 8, byte offset"))
        #expect(verify.stderr.contains("SettlementPaid breaks rule payment-equals-accepted: payment of 1900.00 for offer HH-007/O-001 differs from the accepted 1200.00"))
    }

    /// The same with a value the catalogue does not have: the chain holds, but a read refuses
    /// the line (the worker that prepares it finds it out; the scanner names it in log order).
    @Test func aRehashedLineTheCatalogueRefusesIsCaughtByEveryRead() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Self.intake).status == 0)
        try Self.rewrite(scratch, line: 2) { $0.replacingOccurrences(of: #""channel":"doorToDoor""#, with: #""channel":"pigeon""#) }

        #expect(try LedgerProcess.run(["verify", "--log", log, "--chain-only"]).status == 0)
        for command in [["verify"], ["report", "--from-scratch"], ["household", "HH-007", "--from-scratch"]] {
            let read = try LedgerProcess.run(command + ["--log", log])
            #expect(read.status == 1, "\(command): \(read.stderr)")
            #expect(read.stderr.contains("seq 2 (line 2, byte offset"), "\(command): \(read.stderr)")
            #expect(read.stderr.contains(#"data.channel "pigeon" is not one of"#), "\(command): \(read.stderr)")
        }
    }

    /// Rewrites line `number` of the scratch log with `change`, then recomputes every `prev`
    /// so that the chain is whole again: what someone with write access and time could do.
    static func rewrite(_ scratch: Scratch, line number: Int, _ change: (String) -> String) throws {
        var lines = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[number - 1] = change(lines[number - 1])
        var head = Digest.zero
        for i in lines.indices {
            let withoutPrev = lines[i].dropLast(#"0000000000000000000000000000000000000000000000000000000000000000"}"#.count)
            lines[i] = withoutPrev + head.hex + "\"}"
            head = SHA256.leaf(Array(lines[i].utf8))
        }
        _ = try scratch.write(lines.joined(separator: "\n") + "\n", to: "log.jsonl")
    }
}
