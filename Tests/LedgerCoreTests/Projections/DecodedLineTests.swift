import CEventLine
import Foundation
import LedgerTesting
import Testing
@testable import LedgerCore

/// The replay's C decoder (`ledger_decode_event`) may only ever take a line the Swift readers
/// (`EventLine.decode`, `Fact.read`) take, and must read the same values from it; what it gives
/// up they read instead. Checked over every line of the demo log, lines with escapes, accents
/// and every optional field, and tens of thousands of mutations of those lines — most of which
/// both refuse, some of which both take (a digit changed), none of which only C takes.
struct DecodedLineTests {
    typealias W = World

    /// What the Swift readers make of a line, or nil when they refuse it.
    static func swiftReading(_ line: UnsafeRawBufferPointer) -> (EventLine, ProjectionFold.Prepared)? {
        guard let event = try? EventLine.decode(line, data: .located),
              let prepared = try? ProjectionFold.prepare(event, line: line) else { return nil }
        return (event, prepared)
    }

    /// What the fast path makes of a line, or nil when it gives the line up.
    static func fastReading(_ line: UnsafeRawBufferPointer) -> (EventLine, ProjectionFold.Prepared)? {
        let event = UnsafeMutablePointer<EventLine>.allocate(capacity: 1), prepared = UnsafeMutablePointer<ProjectionFold.Prepared>.allocate(capacity: 1)
        defer { event.deallocate(); prepared.deallocate() }
        guard ProjectionFold.decode(line, into: event, prepared) else { return nil }
        return (event.move(), prepared.move())
    }

    /// Whether the C decoder takes the line; records an issue when it takes one the Swift
    /// readers refuse, or reads it differently.
    @discardableResult
    static func expectAgreement(_ line: [UInt8], _ what: @autoclosure () -> String) -> Bool {
        line.withUnsafeBytes { bytes in
            guard let fast = Self.fastReading(bytes) else { return false }
            let slow = swiftReading(bytes)
            #expect(slow != nil, "C took a line Swift refuses (\(what())): \(String(decoding: line, as: UTF8.self))")
            if let slow {
                #expect(fast.0 == slow.0 && fast.1 == slow.1, "C read \(what()) differently: \(String(decoding: line, as: UTF8.self))")
            }
            return true
        }
    }

    /// Canonical lines of events no demo log holds: escapes, accents, every optional field.
    static var handMadeLines: [[UInt8]] {
        let events: [PendingEvent] = W.enrolledEvents + [
            W.event(.householdResponded, on: "2024-05-01", ["answer": "maybe", "reason": "wil eerst \"overleggen\""]),
            W.event(.typologyAssessed, on: "2024-05-02", ["selfReliance": "vulnerable", "multiproblem": "severe", "note": "zie \\ map é"]),
            W.event(.developmentRecorded, on: "2024-05-03", ["area": "newDebts", "direction": "worsened", "note": "𝄞 €"]),
            W.event(.debtRegistered, on: "2024-05-04", ["debt": "HH-001/D-0042", "creditor": "Bank \"Zuid\" ü", "category": "overig",
                                                          "originalCents": 0, "currentCents": 10_000_000_000_000, "reference": "r/1",
                                                          "collector": "GGN", "preferential": true, "lateClaim": true]),
            W.event(.debtCorrected, on: "2024-05-05", ["debt": "HH-001/D-0042", "creditor": "Ω", "category": "zorg", "currentCents": 1, "reason": "typo"]),
            W.event(.costsAdded, on: "2024-05-05", ["debt": "HH-001/D-0042", "amountCents": 1, "kind": "collectionCosts"]),
            W.event(.inventoryCompleted, on: "2024-05-06", ["debtCount": 100_000, "totalCents": 0]),
            W.event(.pauseInvoked, on: "2024-05-07", ["pause": "HH-001/P-123456", "debts": ["HH-001/D-001", "HH-001/D-0042"], "from": "2024-02-29", "until": "9999-12-31"]),
            W.event(.pauseLifted, on: "2024-05-08", ["pause": "HH-001/P-123456", "reason": "klaar"]),
            W.event(.offerSent, on: "2024-05-09", ["offer": "HH-001/O-999999", "debt": "HH-001/D-0042", "amountCents": 5, "expiresOn": "2024-06-01"]),
            W.event(.offerRejected, on: "2024-05-10", ["offer": "HH-001/O-999999", "reason": "nee"]),
            W.event(.offerWithdrawn, on: "2024-05-10", ["offer": "HH-001/O-999999", "reason": "weg"]),
            W.event(.settlementPaid, on: "2024-05-11", actor: "program-01", ["offer": "HH-001/O-999999", "fund": "fonds-2", "amountCents": 5, "paymentRef": "PAY \"1\" €"]),
            W.event(.paymentReversed, on: "2024-05-12", ["offer": "HH-001/O-999999", "amountCents": 5, "reason": "bounced"]),
            W.event(.debtResolved, on: "2024-05-13", ["debt": "HH-001/D-0042", "how": "cancelled"]),
            W.event(.repaymentAgreed, on: "2024-05-14", ["monthlyCents": 1_000, "months": 600, "inKind": true]),
            W.event(.repaymentReceived, on: "2024-05-15", ["amountCents": 1_000, "kind": "contribution"]),
            W.event(.coachAssigned, on: "2024-05-16", ["coach": "coach-123456", "intensity": "minimal"]),
            W.event(.householdExited, on: "2024-05-17", ["reason": "other", "note": "verhuisd naar 🇳🇱"]),
            W.event(.householdApproached, household: "HH-1234567", on: "2024-05-18", ["channel": "earlySignal"]),
        ]
        var prev = Digest.zero
        let lines = events.enumerated().map { index, event in
            let domain = try! DomainEvent(event)
            let line = RecordedEvent(seq: Int64(index + 1), batch: index == 0 ? 7 : nil, recordedAt: 1_714_000_000 + Int64(index),
                                     event: domain.envelope, prev: prev).canonicalLine()
            prev = SHA256.leaf(line)
            return line
        }
        // The rules keep control characters out of text, but a reader of lines takes any
        // canonical string: every escape canonical JSON has, in a line written by hand.
        let lifted = String(decoding: lines.last { String(decoding: $0, as: UTF8.self).contains("PauseLifted") }!, as: UTF8.self)
        let escaped = lifted.replacingOccurrences(of: #""reason":"klaar""#, with: #""reason":"\"\\\b\f\n\r\t\u0000\u001f\u000b é""#)
        precondition(escaped != lifted)
        return lines + [Array(escaped.utf8)]
    }

    static var demoLines: [[UInt8]] {
        let text = FileManager.default.contents(atPath: CatalogueDocumentationTests.root + "/events/immerloo.jsonl")!
        return text.split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    @Test func everyCanonicalLineTakesTheFastPathAndReadsTheSame() {
        let lines = Self.demoLines + Self.handMadeLines
        var types = Set<EventType>()
        for (index, line) in lines.enumerated() {
            #expect(Self.expectAgreement(line, "line \(index + 1)"), "C gave up a canonical line: \(String(decoding: line, as: UTF8.self))")
            line.withUnsafeBytes { if let (event, _) = Self.fastReading($0) { types.insert(event.type) } }
        }
        #expect(types == Set(EventType.allCases))
    }

    /// Random damage (the fuzzer's) and targeted one-byte changes of every line: nothing only C takes.
    @Test func mutatedLinesAreNeverTakenOnlyByTheFastPath() {
        var r = SplitMix64(seed: 77)
        let lines = Self.handMadeLines + Self.demoLines.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        var taken = 0, tried = 0
        let replacements: [UInt8] = Array("0123456789\"\\{}[],:-/ aAzZ".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        for line in lines {
            for _ in 0..<24 {
                tried += 1
                if Self.expectAgreement(Mutation.apply(to: line, &r, longest: 40), "a random mutation") { taken += 1 }
            }
            for _ in 0..<24 {
                var changed = line
                changed[r.int(0...(line.count - 1))] = r.pick(replacements)
                tried += 1
                if Self.expectAgreement(changed, "a one-byte change") { taken += 1 }
            }
        }
        // Some mutations leave a line both take (a digit for a digit); most leave none.
        #expect(taken > 0 && taken < tried / 2, "\(taken) of \(tried) taken")
    }

    /// The C decoder's names of choices and types, by ordinal, are the Swift enums' cases in order.
    @Test func theDecodersNamesAreTheEnumsCases() {
        func names(_ list: Int32) -> [String] {
            var names: [String] = []
            while let name = ledger_vocabulary(list, Int32(names.count)) { names.append(String(cString: name)) }
            return names
        }
        let lists: [[String]] = [
            Channel.allCases.map(\.rawValue), Answer.allCases.map(\.rawValue), Intensity.allCases.map(\.rawValue),
            Cause.allCases.map(\.rawValue), ProblemArea.allCases.map(\.rawValue), PriorHelp.allCases.map(\.rawValue),
            SelfReliance.allCases.map(\.rawValue), Multiproblem.allCases.map(\.rawValue), DevelopmentArea.allCases.map(\.rawValue),
            Direction.allCases.map(\.rawValue), DebtCategory.allCases.map(\.rawValue), CostKind.allCases.map(\.rawValue),
            Resolution.allCases.map(\.rawValue), RepaymentKind.allCases.map(\.rawValue), ExitReason.allCases.map(\.rawValue),
            EventType.allCases.map(\.rawValue),
        ]
        for (index, list) in lists.enumerated() { #expect(names(Int32(index)) == list, "list \(index)") }
        #expect(ledger_vocabulary(Int32(lists.count), 0) == nil)
    }
}
