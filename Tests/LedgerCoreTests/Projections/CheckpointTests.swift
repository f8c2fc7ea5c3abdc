import LedgerTesting
import Testing
@testable import LedgerCore

#if canImport(Glibc)
import Glibc
#endif

struct CheckpointTests {
    /// A log with the first part of the hand-made events, its projections written to a
    /// directory, then the rest appended after the checkpoint.
    static func logWithCheckpoint() throws -> (LogStore, String) {
        let store = LogStore(path: Fixtures.scratchPath(), clock: Fixtures.clock)
        try store.create()
        let events = ProjectionTests.events
        _ = try Ledger(store: store).append(Array(events.prefix(15)))
        let directory = String(store.path.dropLast("log.jsonl".count)) + "projections"
        mkdir(directory, 0o755)
        let first = try ReadModel.load(store, ReadOptions(fromScratch: true))
        try ProjectionFiles(directory: directory).write(try ProjectionFiles.render(first))
        _ = try Ledger(store: store).append(Array(events.dropFirst(15)))
        return (store, directory)
    }

    @Test func catchingUpFromACheckpointEqualsReplayingFromScratch() throws {
        let (store, directory) = try Self.logWithCheckpoint()
        let caughtUp = try ReadModel.load(store, ReadOptions(projections: directory))
        let scratch = try ReadModel.load(store, ReadOptions(fromScratch: true, projections: directory))
        #expect(caughtUp.checkpoint?.seq == 15)
        #expect(scratch.checkpoint == nil)
        #expect(caughtUp.projection == scratch.projection)
        #expect(caughtUp.projection.seq == Int64(ProjectionTests.events.count))
        // And the files rendered from either are the same bytes.
        #expect(try ProjectionFiles.render(caughtUp) == ProjectionFiles.render(scratch))
    }

    /// households.json is written directly, not through Codable: the bytes must be what
    /// Foundation's encoder gives (the checkpoint's digests depend on them) — for the demo
    /// program's households, a synthetic program's, and one with every field set, strings that
    /// need escapes, and empty containers.
    @Test func householdsAreWrittenAsTheCodableEncodingWritesThem() throws {
        var households: [String: HouseholdStatus] = [:]
        for program in [DemoProgram.immerloo(), DemoProgram.synthetic(households: 300, seed: 11)] {
            let path = Fixtures.scratchPath()
            try DemoProgram.write(program, to: path)
            households.merge(try ReadModel.load(LogStore(path: path), ReadOptions()).projection.households) { a, _ in a }
        }
        let all = Array(households.values)
        #expect(all.contains { !$0.debts.isEmpty } && all.contains { !$0.offers.isEmpty } && all.contains { !$0.pauses.isEmpty })
        #expect(all.contains { $0.typologyAssessment != nil })  // the programs never exit or repay: `full` does
        var full = HouseholdStatus(id: "HH-\"/\\é", approachedOn: 19_000, channel: "line\nbreak\u{01}\u{1F}\t")
        full.answer = "yes"; full.enrolledOn = 19_001; full.adults = 2; full.minors = -1; full.adultChildren = Int64.max
        full.coach = "coach-01"; full.intensity = "intensive"; full.causes = []; full.problemAreas = ["a", "b"]; full.priorHelp = ["x"]
        full.typologyAssessment = TypologyAssessment(selfReliance: "low", multiproblem: "yes", note: "n", on: 19_002)
        full.developments = [Development(seq: 9, on: 19_003, area: "newDebts", direction: "worsened", afterExit: true)]
        full.inventoryCompletedOn = 19_004
        var debt = DebtStatus(id: "D-1", creditor: "C", category: "zorg", originalCents: 100, currentCents: 90, preferential: true,
                              lateClaim: false, registeredOn: 19_005)
        debt.resolution = "boughtOff"; debt.resolvedOn = 19_006; debt.balanceRequestedOn = 19_007; debt.costsCents = 5; debt.costsDuringPauseCents = 1
        full.debts = ["D-1": debt, "D-10": debt, "D-2": debt, "d-0": debt]
        var offer = OfferView(debt: "D-1", amountCents: 50, sentOn: 19_008, expiresOn: 19_009)
        offer.decidedOn = 19_010
        full.offers = ["O-1": offer]
        full.pauses = ["P-1": PauseView(debts: ["D-1", "D-2"], from: 19_011, until: 19_012, liftedOn: 19_013), "P-2": PauseView(debts: [], from: 1, until: 2)]
        full.repayment = RepaymentView(monthlyCents: 1, months: 2, inKind: true, receivedCents: 3)
        full.exitedOn = 19_014; full.exitReason = "other"
        households[full.id] = full
        households["HH-empty"] = HouseholdStatus(id: "HH-empty", approachedOn: 0, channel: "")
        for sample in [households, [:], ["HH-1": full]] {
            #expect(HouseholdStatus.prettyJSON(sample) == (try ProjectionFiles.encode(sample)))
        }
    }

    /// A coach's view of one household takes it alone from the checkpoint and folds only its
    /// events after it: the same household, seq and date as a full replay, for every household
    /// (those approached before the checkpoint and after it) and for one that does not exist.
    @Test func oneHouseholdFromTheCheckpointEqualsTheFullReplay() throws {
        let (store, directory) = try Self.logWithCheckpoint()
        let scratch = try ReadModel.load(store, ReadOptions(fromScratch: true))
        #expect(scratch.projection.households.count > 2)
        for id in scratch.projection.households.keys.sorted() + ["HH-999"] {
            var options = ReadOptions(projections: directory)
            options.household = id
            let one = try ReadModel.load(store, options)
            #expect(one.checkpoint?.seq == 15, "\(id)")
            #expect(one.projection.households[id] == scratch.projection.households[id], "\(id)")
            #expect(one.projection.households.count <= 1, "\(id): only the one household is read")
            #expect(one.projection.seq == scratch.projection.seq && one.projection.lastEffective == scratch.projection.lastEffective)
        }
    }

    /// The household's object is found by its whole key, in blocks of any size (a key or an
    /// end cut by a block boundary, or spread over several blocks).
    @Test func aHouseholdIsFoundByItsWholeKeyInBlocksOfAnySize() {
        let file = Array("{\n  \"HH-00\" : {\n    \"a\" : 1\n  },\n  \"HH-001\" : {\n    \"b\" : {\n      \"c\" : 2\n    }\n  }\n}\n".utf8)
        func member(_ id: String, blocks size: Int) -> String? {
            var finder = MemberFinder(id)
            for start in stride(from: 0, to: file.count, by: size) {
                file[start..<min(start + size, file.count)].withUnsafeBytes { finder.feed($0) }
            }
            return finder.isComplete ? finder.value.map { String(decoding: $0, as: UTF8.self) } : nil
        }
        for size in [1, 2, 3, 5, 7, 11, 16, file.count] {
            #expect(member("HH-001", blocks: size) == "{\n    \"b\" : {\n      \"c\" : 2\n    }\n  }", "blocks of \(size)")
            #expect(member("HH-00", blocks: size) == "{\n    \"a\" : 1\n  }", "blocks of \(size)")
            #expect(member("HH-0", blocks: size) == nil, "blocks of \(size)")
        }
    }

    @Test func anEditedProjectionFileIsNotTrusted() throws {
        let (store, directory) = try Self.logWithCheckpoint()
        var fund = ProjectionFiles(directory: directory).read("fund.json")!
        let text = String(decoding: fund, as: UTF8.self).replacingFirst("\"depositedCents\" : 1000000", with: "\"depositedCents\" : 9000000")
        fund = Array(text.utf8)
        Fixtures.write(fund, to: directory + "/fund.json")
        let read = try ReadModel.load(store, ReadOptions(projections: directory))
        #expect(read.checkpoint == nil, "an edited file must make the read replay from scratch")
        #expect(read.projection.fund.depositedCents == 1_000_000)
        // households.json edited: a one-household read does not trust it either.
        var households = ProjectionFiles(directory: directory).read("households.json")!
        households[households.count / 2] = households[households.count / 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        Fixtures.write(households, to: directory + "/households.json")
        var options = ReadOptions(projections: directory)
        options.household = "HH-001"
        let one = try ReadModel.load(store, options)
        #expect(one.checkpoint == nil)
        #expect(one.projection.households["HH-001"] == (try ReadModel.load(store, ReadOptions(fromScratch: true))).projection.households["HH-001"])
    }

    /// A file a read has checked is not hashed again while it is as it was (`.verified`), and an
    /// edit is still caught when it keeps the size and puts the modification time back: it
    /// changes the change time. Files change less than two seconds before a check are not
    /// remembered, hence the wait.
    @Test func aVerifiedFileIsTrustedOnlyWhileUnchanged() throws {
        let (store, directory) = try Self.logWithCheckpoint()
        var options = ReadOptions(projections: directory)
        options.household = "HH-001"
        usleep(2_100_000)
        #expect(try ReadModel.load(store, options).checkpoint?.seq == 15)
        #expect(try ReadModel.load(store, ReadOptions(projections: directory)).checkpoint?.seq == 15)
        let record = String(decoding: Fixtures.read(directory + "/.verified"), as: UTF8.self)
        #expect(record.contains("households.json ") && record.contains("fund.json "), "\(record)")

        // The same bytes in place, one digit changed, the modification time put back.
        for name in ["households.json", "fund.json"] {
            let path = directory + "/" + name
            var info = stat()
            stat(path, &info)
            var bytes = Fixtures.read(path)
            let digit = bytes.indices.first { bytes[$0] >= UInt8(ascii: "1") && bytes[$0] <= UInt8(ascii: "8") }!
            bytes[digit] += 1
            let fd = open(path, O_WRONLY)
            #expect(bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } == bytes.count)
            var times = [info.st_atim, info.st_mtim]
            futimens(fd, &times)
            close(fd)
        }
        #expect(try ReadModel.load(store, options).checkpoint == nil, "an edited households.json must not be trusted")
        #expect(try ReadModel.load(store, ReadOptions(projections: directory)).checkpoint == nil, "an edited fund.json must not be trusted")

        // The record is consulted: made to vouch for the edited households.json (as whoever can
        // write the folder could rewrite checkpoint.json's digests), it is believed.
        let checkpoint = String(decoding: Fixtures.read(directory + "/checkpoint.json"), as: UTF8.self)
        let digest = try #require(checkpoint.split(separator: "\"").drop { $0 != "households.json" }.dropFirst(2).first)
        let now = try #require(VerifiedFiles.Identity(directory + "/households.json"))
        let line = "households.json \(now.device) \(now.inode) \(now.size) \(now.modified) \(now.changed) \(digest)\n"
        Fixtures.write(Array(line.utf8), to: directory + "/.verified")
        #expect(try ReadModel.load(store, options).checkpoint?.seq == 15)
    }

    @Test func aCheckpointOfAnotherLogIsNotTrusted() throws {
        let (_, directory) = try Self.logWithCheckpoint()
        let other = LogStore(path: Fixtures.scratchPath(), clock: FixedClock(0))
        try other.create()
        _ = try Ledger(store: other).append(ProjectionTests.events)
        let read = try ReadModel.load(other, ReadOptions(projections: directory))
        #expect(read.checkpoint == nil)
        #expect(read.projection == (try ReadModel.load(other, ReadOptions(fromScratch: true))).projection)
    }

    @Test func renderingIsStable() throws {
        let (store, _) = try Self.logWithCheckpoint()
        let a = try ReadModel.load(store, ReadOptions(fromScratch: true))
        let b = try ReadModel.load(store, ReadOptions(fromScratch: true))
        #expect(try ProjectionFiles.render(a) == ProjectionFiles.render(b))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
