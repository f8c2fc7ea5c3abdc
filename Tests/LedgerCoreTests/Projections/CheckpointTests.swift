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
        try ProjectionFiles(directory: directory).write(try ProjectionFiles.render(first.projection, at: first.position))
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
        #expect(try ProjectionFiles.render(caughtUp.projection, at: caughtUp.position) == ProjectionFiles.render(scratch.projection, at: scratch.position))
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
        #expect(try ProjectionFiles.render(a.projection, at: a.position) == ProjectionFiles.render(b.projection, at: b.position))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
