import LedgerTesting
import Testing
@testable import LedgerCore
#if canImport(Glibc)
import Glibc
#endif

/// The write side's state saved next to the log (`<log>.state`): appends start from it instead
/// of replaying the log, and must decide exactly as a replay would.
struct StateFileTests {
    static let demoLog = CatalogueDocumentationTests.root + "/events/immerloo.jsonl"

    /// The demo year appended a day at a time, each append a fresh `Ledger` (as a process per
    /// command would be) that starts from the state file: the same bytes as the committed log,
    /// and the state file holds exactly what a replay up to its position gives.
    @Test func appendsFromTheStateFileWriteTheSameLog() throws {
        let path = Fixtures.scratchPath("immerloo.jsonl")
        let store = LogStore(path: path)
        try store.create()
        var rewrites = 0
        var lastSaved: LogPosition?
        for batch in DemoProgram.immerloo() {
            var ledger = Ledger(store: LogStore(path: path, clock: FixedClock(batch.recordedAt)))
            ledger.stateFileEveryBytes = 20_000
            _ = try ledger.append(batch.events)
            let saved = StateFile.load(ledger.statePath)?.position
            if saved != lastSaved { rewrites += 1 }
            lastSaved = saved
        }
        #expect(Fixtures.read(path) == Fixtures.read(Self.demoLog))
        #expect(rewrites > 10, "the state file should be rewritten as the log grows")
        let saved = try #require(StateFile.load(path + ".state"))
        #expect(saved.position.seq > 1500)
        #expect(saved.fold.state == (try store.fold(StateFold(), upTo: saved.position)).state)
    }

    /// A batch large enough to make the state file due has it encoded while its lines are
    /// written and written while the batch is synced: the file holds the state after the batch,
    /// at the log's end, and no temporary file stays behind.
    @Test func aLargeBatchSavesTheStateItDecided() throws {
        let path = Fixtures.scratchPath()
        try LogStore(path: path).create()
        var ledger = Ledger(store: LogStore(path: path, clock: Fixtures.clock))
        ledger.stateFileEveryBytes = 2_000
        let batch = World.enrolledEvents + (100..<140).map { World.approach("HH-\($0)") }
        #expect(batch.count * Ledger.fewestBytesPerLine >= ledger.stateFileEveryBytes, "the batch takes the background path")
        let appended = try #require(try ledger.append(batch).appended)
        let saved = try #require(StateFile.load(ledger.statePath))
        #expect(saved.position == appended.end)
        #expect(saved.fold.state == (try ledger.state()))
        #expect(saved.fold.state.households.count == 41)
        #expect(!Fixtures.exists(ledger.statePath + ".tmp.\(getpid())"))
    }

    /// A staged state file goes in place only for the log position it was made for; otherwise,
    /// or when discarded (the batch did not become durable), the state file there stays as it was.
    @Test func aStagedStateFileGoesInPlaceOnlyForItsPosition() throws {
        let state = try Ledger(store: LogStore(path: Self.demoLog)).state()
        let path = Fixtures.scratchPath("log.jsonl.state")
        let old = LogPosition(offset: 10, seq: 1, head: SHA256.hash([1]))
        try StateFile.save(Ledger.Snapshot(replay: LogStore.Replay(StateFold(state: LedgerState()), at: old), savedAt: 0), to: path)
        let before = Fixtures.read(path)
        let end = LogPosition(offset: 20, seq: 2, head: SHA256.hash([2]))
        let temporary = path + ".tmp.\(getpid())"

        let elsewhere = StagedStateFile(state)
        elsewhere.stage(for: end, path: path)
        #expect(try elsewhere.putInPlace(for: old, at: path) == false)
        let discarded = StagedStateFile(state)
        discarded.stage(for: end, path: path)
        discarded.discard()
        #expect(Fixtures.read(path) == before && !Fixtures.exists(temporary))

        let staged = StagedStateFile(state)
        staged.stage(for: end, path: path)
        #expect(try staged.putInPlace(for: end, at: path))
        let saved = try #require(StateFile.load(path))
        #expect(saved.position == end && saved.fold.state == state && !Fixtures.exists(temporary))
    }

    @Test func encodingRoundTrips() throws {
        let state = try Ledger(store: LogStore(path: Self.demoLog)).state()
        #expect(!state.offers.isEmpty && !state.pauses.isEmpty && !state.keys.isEmpty)
        let position = LogPosition(offset: 123, seq: 7, head: SHA256.hash([1, 2, 3]))
        let bytes = StateFile.encode(position, state)
        let (decodedPosition, decoded) = try bytes.dropLast(32).withUnsafeBytes { try StateFile.decode($0) }
        #expect(decodedPosition == position)
        #expect(decoded == state)
    }

    /// Households are saved by their ids' keys: a key that no id gives, or one saved twice,
    /// makes the file unreadable (ignored, then rewritten) rather than a state with a household
    /// no event could make.
    @Test func aHouseholdKeyNoIdGivesIsRefused() throws {
        var state = LedgerState()
        for (seq, id) in ["HH-001", "HH-0002"].enumerated() {
            var event = try DomainEvent(World.approach(id))
            try state.apply(&event, seq: Int64(seq + 1))
        }
        let bytes = StateFile.encode(LogPosition(offset: 0, seq: 2, head: .zero), state)
        func keyBytes(_ id: String) -> [UInt8] { withUnsafeBytes(of: PseudonymKey.household(id)!.littleEndian, Array.init) }
        let first = try #require(bytes.indices.first { bytes[$0...].starts(with: keyBytes("HH-001")) })
        func decodes(_ bytes: [UInt8]) -> Bool { (try? bytes.dropLast(32).withUnsafeBytes { try StateFile.decode($0) }) != nil }
        #expect(decodes(bytes))
        for (name, key) in [("no digits' count", Int64(1)), ("8 digits", Int64(8) << 24 | 5), ("1000 in 3 digits", Int64(3) << 24 | 1000),
                            ("negative", Int64(-1)), ("the other household's", PseudonymKey.household("HH-0002")!)] {
            var damaged = bytes
            damaged.replaceSubrange(first..<(first + 8), with: withUnsafeBytes(of: key.littleEndian, Array.init))
            let refused = !decodes(damaged)
            #expect(refused, "\(name)")
        }
    }

    /// A state file is a cache: one that no longer matches the log, or is damaged, is ignored —
    /// the append replays the log and decides as a replay would — and then rewritten.
    @Test func aStaleOrDamagedStateFileIsIgnored() throws {
        for damage in ["other log", "flipped byte", "truncated log", "cut short"] {
            let path = Fixtures.scratchPath()
            try LogStore(path: path).create()
            var ledger = Ledger(store: LogStore(path: path, clock: Fixtures.clock))
            ledger.stateFileEveryBytes = 1
            _ = try ledger.append(World.enrolledEvents)
            _ = try ledger.append([World.approach("HH-010")])
            let statePath = ledger.statePath
            switch damage {
            case "other log":
                // Another log, as long or longer, without HH-001: the saved head is not in it.
                let rewritten = Fixtures.scratchPath()
                try LogStore(path: rewritten).create()
                var plain = Ledger(store: LogStore(path: rewritten, clock: Fixtures.clock))
                plain.usesStateFile = false
                _ = try plain.append([World.deposit(100_000)] + (2...9).map { World.approach("HH-00\($0)") })
                Fixtures.write(Fixtures.read(rewritten), to: path)
            case "flipped byte":
                var bytes = Fixtures.read(statePath)
                bytes[bytes.count / 2] ^= 0x01
                Fixtures.write(bytes, to: statePath)
            case "truncated log":
                let lines = Fixtures.lines(Fixtures.read(path))
                Fixtures.write(Fixtures.joined(Array(lines.dropLast())), to: path)
            default:
                Fixtures.write(Array(Fixtures.read(statePath).dropLast(40)), to: statePath)
            }
            #expect(StateFile.load(statePath) == nil || damage == "other log" || damage == "truncated log", "\(damage)")
            // The log as it now is decides: HH-001 is enrolled only in the original log.
            let replayed = try Ledger(store: LogStore(path: path)).state()
            let approach = World.approach("HH-001")
            let outcome = Result { try ledger.append([approach]) }
            let expectRefused = replayed.households["HH-001"] != nil
            switch outcome {
            case .success: #expect(!expectRefused, "\(damage): the stale state refused what the log allows")
            case .failure(let error): #expect(expectRefused, "\(damage): \(error)")
            }
            let saved = try #require(StateFile.load(statePath), "\(damage): the state file is rewritten")
            #expect(saved.fold.state == (try LogStore(path: path).fold(StateFold(), upTo: saved.position)).state, "\(damage)")
        }
    }
}
