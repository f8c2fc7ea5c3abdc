import LedgerTesting
import Testing
@testable import LedgerCore

/// The compact fold the ledger replays with must materialise exactly what the straightforward
/// fold (`ReferenceFold`) folds, and report the same figures — for the hand-made log, the demo
/// log, and random streams of facts that no rule has judged (offers on unknown debts, a
/// household approached twice, repayments of households never approached, costs under pauses).
struct CompactProjectionTests {
    /// Both folds over the same canonical lines, as a replay feeds them.
    struct BothFolds {
        var compact: ProjectionFold
        var reference: ReferenceFold
        private var seq: Int64 = 0
        private var prev = Digest.zero

        init(asOf: Int? = nil, asOfSeq: Int64? = nil, household: String? = nil) {
            compact = ProjectionFold(asOf: asOf, asOfSeq: asOfSeq)
            compact.household = household
            reference = ReferenceFold(asOf: asOf, asOfSeq: asOfSeq)
            reference.household = household
        }

        /// Folds the event as the ledger would write it; false when the catalogue refuses it.
        @discardableResult
        mutating func fold(_ event: PendingEvent) throws -> Bool {
            guard let domain = try? DomainEvent(event) else { return false }
            seq += 1
            let line = RecordedEvent(seq: seq, batch: nil, recordedAt: 1_714_000_000, event: domain.envelope, prev: prev).canonicalLine()
            prev = SHA256.leaf(line)
            try line.withUnsafeBytes { bytes in
                let decoded = try EventLine.decode(bytes, data: .located)
                try compact.fold(decoded, line: bytes, prepared: ProjectionFold.prepare(decoded, line: bytes))
                try reference.fold(decoded, line: bytes, prepared: ReferenceFold.prepare(decoded, line: bytes))
            }
            return true
        }

        func expectSame(_ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
            let materialised = ProgramProjection(compact.model)
            #expect(materialised == reference.projection, comment, sourceLocation: sourceLocation)
            #expect(ProgramReport(compact.model) == ProgramReport(reference: reference.projection), comment, sourceLocation: sourceLocation)
            // A checkpoint read back into the compact model folds on from the same place.
            let restored = CompactProjection(reference.projection)
            #expect(restored.map(ProgramProjection.init) == reference.projection, comment, sourceLocation: sourceLocation)
            #expect(restored.map(ProgramReport.init) == ProgramReport(reference: reference.projection), comment, sourceLocation: sourceLocation)
        }
    }

    @Test func theHandMadeLogFoldsTheSame() throws {
        var both = BothFolds()
        for event in ProjectionTests.events { #expect(try both.fold(event)) }
        both.expectSame("hand-made log")
    }

    @Test func theDemoLogFoldsTheSame() throws {
        let path = CatalogueDocumentationTests.root + "/events/immerloo.jsonl"
        let file = try LogFile.open(path, .read)
        var compact = ProjectionFold(), reference = ReferenceFold()
        _ = try LogScanner.scan(file, to: try file.size(), into: &compact)
        _ = try LogScanner.scan(file, to: try file.size(), into: &reference)
        #expect(ProgramProjection(compact.model) == reference.projection)
        #expect(ProgramReport(compact.model) == ProgramReport(reference: reference.projection))
        #expect(compact.model.households.count == 33 && compact.model.debts.count >= 370)
    }

    /// Random command streams, applied to a world to keep them plausible, with every command the
    /// catalogue accepts folded — also those the rules refuse.
    @Test(arguments: 1...8)
    func unjudgedRandomStreamsFoldTheSame(seed: UInt64) throws {
        var r = SplitMix64(seed: seed)
        var world = World()
        var events: [PendingEvent] = []
        for _ in 0..<600 {
            let command = PropertyTests.command(&r, world.state)
            _ = try? world.apply(command)
            events.append(command)
        }
        var everything = BothFolds()
        for event in events { try everything.fold(event) }
        everything.expectSame("seed \(seed)")
        #expect(ProgramProjection(everything.compact.model).households.count > 5)

        let middle = events[events.count / 2].effective
        for (name, filtered) in [("as of a date", BothFolds(asOf: middle)), ("as of a seq", BothFolds(asOfSeq: 250)),
                                 ("one household", BothFolds(household: "HH-020"))] {
            var filtered = filtered
            for event in events { try filtered.fold(event) }
            filtered.expectSame("seed \(seed), \(name)")
        }
    }

    /// What the random streams rarely reach: a second approach of a household with debts,
    /// offers and a pause; events of a household never approached; costs under a pause that
    /// lists a debt never registered; creditors, notes and references with escapes and accents.
    @Test func edgeCasesFoldTheSame() throws {
        typealias W = World
        var both = BothFolds()
        let events: [PendingEvent] = W.enrolledEvents + [
            W.event(.pauseInvoked, on: "2024-05-02", ["pause": "HH-001/P-1", "debts": ["HH-001/D-001", "HH-001/D-009"], "from": "2024-05-02", "until": "2024-08-01"]),
            W.event(.costsAdded, on: "2024-05-03", ["debt": "HH-001/D-009", "amountCents": 700, "kind": "fine"]),
            W.event(.costsAdded, on: "2024-05-03", ["debt": "HH-001/D-001", "amountCents": 300, "kind": "interest"]),
            W.event(.debtCorrected, on: "2024-05-04", ["debt": "HH-001/D-002", "creditor": "Bank \"Zuid\" \\ é", "category": "overig", "currentCents": 31_000, "reason": "typo"]),
            W.event(.offerSent, on: "2024-05-05", ["offer": "HH-001/O-001", "debt": "HH-001/D-002", "amountCents": 20_000, "expiresOn": "2024-06-01"]),
            W.event(.offerSent, on: "2024-05-05", ["offer": "HH-001/O-002", "debt": "HH-001/D-077", "amountCents": 1_000, "expiresOn": "2024-06-01"]),
            W.event(.offerAccepted, on: "2024-05-06", ["offer": "HH-001/O-001"]),
            W.event(.offerAccepted, on: "2024-05-06", ["offer": "HH-001/O-002"]),
            W.event(.offerWithdrawn, on: "2024-05-07", ["offer": "HH-001/O-002", "reason": "no debt"]),
            W.event(.settlementPaid, on: "2024-05-08", actor: "program-01", ["offer": "HH-001/O-001", "fund": "afkoopfonds", "amountCents": 20_000, "paymentRef": "PAY \"1\" €"]),
            W.event(.paymentReversed, on: "2024-05-09", ["offer": "HH-001/O-001", "amountCents": 20_000, "reason": "bounced"]),
            W.event(.typologyAssessed, on: "2024-05-10", ["selfReliance": "vulnerable", "multiproblem": "severe", "note": "zie \"dossier\" \\ map"]),
            W.event(.repaymentReceived, household: "HH-099", on: "2024-05-11", ["amountCents": 500, "kind": "money"]),
            W.event(.debtRegistered, household: "HH-099", on: "2024-05-11", ["debt": "HH-099/D-001", "creditor": "X", "category": "zorg", "originalCents": 1, "currentCents": 1, "preferential": false]),
            W.event(.pauseLifted, on: "2024-05-12", ["pause": "HH-001/P-1", "reason": "done"]),
            W.event(.pauseInvoked, on: "2024-05-13", ["pause": "HH-001/P-1", "debts": ["HH-001/D-002"], "from": "2024-05-13", "until": "2024-06-13"]),
            W.event(.costsAdded, on: "2024-05-14", ["debt": "HH-001/D-002", "amountCents": 100, "kind": "fine"]),
            W.event(.householdExited, on: "2024-05-15", ["reason": "moved", "note": "verhuisd"]),
            W.event(.developmentRecorded, on: "2024-05-16", ["area": "newDebts", "direction": "worsened"]),
            // The household approached again: its debts, offers and pauses are gone.
            W.approach("HH-001"),
            W.event(.costsAdded, on: "2024-05-17", ["debt": "HH-001/D-001", "amountCents": 100, "kind": "fine"]),
            W.event(.offerAccepted, on: "2024-05-17", ["offer": "HH-001/O-001"]),
            W.event(.pauseLifted, on: "2024-05-17", ["pause": "HH-001/P-1", "reason": "done"]),
            W.debt("HH-001/D-001", 9_000, creditor: "Bank \"Zuid\" \\ é"),
            W.event(.repaymentAgreed, on: "2024-05-18", ["monthlyCents": 1_000, "months": 3, "inKind": true]),
            W.event(.repaymentReceived, on: "2024-05-19", ["amountCents": 1_000, "kind": "contribution"]),
        ]
        for event in events { #expect(try both.fold(event), "\(event.type)") }
        both.expectSame("edge cases")
        let projection = ProgramProjection(both.compact.model)
        #expect(projection.households["HH-001"]?.debts.keys.sorted() == ["HH-001/D-001"])
        #expect(projection.creditors["Bank \"Zuid\" \\ é"] != nil && projection.fund.repaidCents == 1_500)
    }

    @Test func pseudonymKeysGiveTheIdBack() {
        for id in ["HH-001", "HH-0000001", "HH-1234567", "HH-007"] {
            #expect(PseudonymKey.household(id).map(PseudonymKey.householdID) == id)
        }
        for id in ["HH-001/D-001", "HH-001/D-0001", "HH-1234567/O-999999", "HH-007/P-1", "HH-007/P-000001"] {
            let kind: Pseudonym.ChildKind = id.contains("/D-") ? .debt : id.contains("/O-") ? .offer : .pause
            #expect(PseudonymKey.child(id, kind: kind).map { PseudonymKey.childID($0, kind: kind) } == id)
        }
        #expect(PseudonymKey.child("HH-001/D-001", kind: .debt) != PseudonymKey.child("HH-001/D-0001", kind: .debt))
        #expect(PseudonymKey.household("HH-01") == nil && PseudonymKey.household("HX-001") == nil && PseudonymKey.child("HH-001/D-01", kind: .debt) == nil)
        #expect(PseudonymKey.coach("coach-03").map(PseudonymKey.coachID) == "coach-03")
    }

    @Test func idTableFindsEveryKeyAfterGrowing() {
        // Grown a doubling at a time, and reserved up front and then grown past that.
        for reserved in [0, 300_000] {
            var table = IdTable()
            table.reserveCapacity(reserved)
            for key in stride(from: Int64(0), to: 500_000, by: 7) { table[key << 27 | 5] = Int(key) }
            #expect(stride(from: Int64(0), to: 500_000, by: 7).allSatisfy { table[$0 << 27 | 5] == Int($0) }, "reserved \(reserved)")
            #expect(table[1] == nil && table[8 << 27 | 5] == nil)
        }
    }
}
