import Dispatch
import LedgerTesting
import Testing
@testable import LedgerCore
#if canImport(Glibc)
import Glibc
#endif

struct LogStoreTests {
    @Test func createRefusesAnExistingFile() throws {
        let store = LogStore(path: Fixtures.scratchPath())
        try store.create()
        #expect { try store.create() } throws: { ($0 as? LedgerError)?.code == .rejected }
    }

    @Test func appendAssignsSeqBatchAndChain() throws {
        let store = try Fixtures.log(events: 1)
        let appended = try store.append([Fixtures.deposit(), Fixtures.approach("HH-2"), Fixtures.approach("HH-3")])
        #expect(appended.first == 2 && appended.last == 4)
        let lines = Fixtures.lines(Fixtures.read(store.path))
        let events = try lines.map { line in try line.withUnsafeBytes { try RecordedEvent(line: $0) } }
        #expect(events.map(\.seq) == [1, 2, 3, 4])
        #expect(events.map(\.batch) == [nil, 3, nil, nil])
        #expect(events[0].prev == .zero)
        for i in 1..<events.count { #expect(events[i].prev == SHA256.leaf(lines[i - 1])) }
        #expect(appended.head == SHA256.leaf(lines[3]))
        #expect(events.allSatisfy { $0.recordedAt == Fixtures.clock.now() })
    }

    /// A write session keeps the log locked from one append to the next, and each append is
    /// durable (and reported by the caller) only once `settle` returns; `release` lets go.
    @Test func aWriteSessionHoldsTheLockUntilItLetsGo() throws {
        let store = LogStore(path: Fixtures.scratchPath(), clock: Fixtures.clock)
        try store.create()
        let ledger = Ledger(store: store)
        let session = LogStore.WriteSession(store)
        var snapshot: Ledger.Snapshot?
        let hold = LogStore.WriteSession.batchesPerHold
        for number in 1..<hold {
            let report = try ledger.append([Fixtures.approach("HH-\(1000 + number)")], snapshot: &snapshot, session: session)
            #expect(report.appended?.first == Int64(number))
            try session.settle(keeping: 1)
            #expect(!session.isDue)
        }
        _ = try ledger.append([Fixtures.approach("HH-9999")], snapshot: &snapshot, session: session)
        #expect(session.isDue, "after batchesPerHold appends the caller should let other writers in")
        // Meanwhile every append is in the file, and another writer has to wait.
        #expect(try store.verify().verified.seq == Int64(hold))
        var other = Ledger(store: store)
        other.store.lockWait = 0.05
        #expect { try other.append([Fixtures.approach("HH-8888")]) } throws: { ($0 as? LedgerError)?.code == .busy }
        try session.release()
        #expect(!session.isDue)
        #expect(try other.append([Fixtures.approach("HH-8888")]).appended?.first == Int64(hold + 1))
        // The session takes the lock again for its next append, and reads the other's first.
        let next = try ledger.append([Fixtures.approach("HH-7777")], snapshot: &snapshot, session: session)
        #expect(next.appended?.first == Int64(hold + 2))
        try session.release()
        #expect(try store.verify().problem == nil)
    }

    @Test func verifyReportsCountAndHead() throws {
        let store = try Fixtures.log(events: 10, batchSize: 3)
        let result = try store.verify()
        #expect(result.problem == nil)
        #expect(result.verified.seq == 10)
        #expect(result.verified.head == SHA256.leaf(Fixtures.lines(Fixtures.read(store.path)).last!))
        #expect(result.verified.offset == Int64(Fixtures.read(store.path).count))
    }

    @Test func emptyLogVerifies() throws {
        let store = LogStore(path: Fixtures.scratchPath())
        try store.create()
        let result = try store.verify()
        #expect(result.problem == nil && result.verified == .start)
    }

    @Test func missingLogIsExit66() {
        let store = LogStore(path: Fixtures.scratchPath())
        #expect { try store.verify() } throws: { ($0 as? LedgerError)?.code == .noInput }
        #expect { try store.append([Fixtures.deposit()]) } throws: { ($0 as? LedgerError)?.code == .noInput }
    }

    /// Every single-byte change anywhere in the log is found, and named by the seq of a line
    /// that really was involved. The last line is special: no later line records its hash, so a
    /// change there that still parses shows up only as a different head hash — which is what
    /// an auditor compares against the head (or checkpoint) published earlier.
    @Test func everySingleByteChangeIsFound() throws {
        let store = try Fixtures.log(events: 4, batchSize: 2)
        let original = Fixtures.read(store.path)
        let originalHead = try store.verify().verified.head
        let lineOf = lineIndex(original)
        for offset in 0..<original.count {
          // The full check and the chain alone (which parses only seq, batch and prev).
          for chainOnly in [false, true] {
            var bytes = original
            bytes[offset] = bytes[offset] == UInt8(ascii: "7") ? UInt8(ascii: "8") : UInt8(ascii: "7")
            Fixtures.write(bytes, to: store.path)
            let result = chainOnly ? try store.verify(folding: ChainFold()).0 : try store.verify()
            let changedSeq = Int64(lineOf[offset] + 1)
            switch result.problem {
            case nil:
                #expect(changedSeq == 4 && result.verified.head != originalHead, "change at byte \(offset) not detected")
            case .damaged(let damage)?:
                #expect(damage.seq == changedSeq || damage.seq == changedSeq + 1, "byte \(offset): \(damage)")
                #expect(result.verified.seq < changedSeq, "byte \(offset) counted as verified")
            case .torn(let tail)?:
                // Only a change that breaks the last line (or its newline) can look like a crash.
                #expect(changedSeq >= 3, "byte \(offset): \(tail)")
            }
          }
        }
    }

    /// Labels name events by their input line; when the rules skip events (already in the
    /// log), the ones that go through keep their own lines.
    @Test func labelsFollowTheEventsTheRulesLetThrough() throws {
        let path = Fixtures.scratchPath()
        try LogStore(path: path).create()
        let ledger = Ledger(store: LogStore(path: path, clock: Fixtures.clock))
        _ = try ledger.append([Fixtures.approach("HH-00001", key: "k1")])
        let state = try ledger.state()
        let events = [Fixtures.approach("HH-00001", key: "k1"), Fixtures.approach("HH-00002"), Fixtures.approach("HH-00003")]
        let read = events.map { event in Result { () throws(InputError) in try DomainEvent(event) } }
        let decision = BatchDecision(BatchRules(BatchEvents(read), labels: .lines([2, 5, 9], of: "batch.jsonl"), seqBefore: state.seq), on: state)
        #expect(BatchRules.count(read, in: state) == 2)
        #expect(try decision.events(2).map(\.household) == ["HH-00002", "HH-00003"])
        #expect(decision.label(0) == "batch.jsonl line 5" && decision.label(1) == "batch.jsonl line 9")
        try decision.finish()
        #expect(decision.present.map(\.index) == [0])
        // Skipped in between and in a row: each event that goes through keeps its own line.
        let mixed = [1, 20, 2, 3, 21, 22, 4, 23].map { Fixtures.approach(String(format: "HH-%05d", $0), key: "k\($0)") }
        _ = try ledger.append([2, 3, 20, 22, 23].map { Fixtures.approach(String(format: "HH-%05d", $0), key: "k\($0)") })
        let now = try ledger.state()
        let mixedRead = mixed.map { event in Result { () throws(InputError) in try DomainEvent(event) } }
        let lines = [3, 4, 6, 7, 8, 10, 11, 12]
        let deciding = BatchDecision(BatchRules(BatchEvents(mixedRead), labels: .lines(lines, of: "b"), seqBefore: now.seq), on: now)
        #expect(try deciding.events(2).map(\.household) == ["HH-00021", "HH-00004"])
        #expect([0, 1].map(deciding.label) == ["b line 8", "b line 11"])
        try deciding.finish()
        #expect(deciding.present.map(\.index) == [0, 1, 2, 3, 5, 7])
        #expect(EventLabels.positions[2] == "event 3 of the batch")
        #expect(EventLabels(["first", "second"])[1] == "second")
    }

    /// A large batch goes out in windows as it is encoded; when a line late in it cannot be
    /// written, what went out already is cut back off: the log is byte for byte as before.
    @Test func aBatchStoppedAfterItsFirstPieceLeavesNoTrace() throws {
        let store = try Fixtures.log(events: 3)
        let before = Fixtures.read(store.path)
        var events = (0..<40_000).map { Fixtures.approach("HH-\($0)") }
        var long = Fixtures.approach("HH-x")
        long.data = ["channel": .string(String(repeating: "x", count: Limits.maxLineBytes))]
        events.append(long)
        #expect { try store.append(events) } throws: { error in
            (error as? LedgerError)?.code == .rejected && "\(error)".contains("event 40001 of the batch: the event is")
        }
        #expect(Fixtures.read(store.path) == before)
        #expect(try store.verify().verified.seq == 3)
        events.removeLast()
        #expect(try store.append(events).last == 40_003)
        #expect(try store.verify().problem == nil)
        #expect(events.count > 2 * LogStore.windowEvents, "the refused batch had written two windows before its last line's")
    }

    /// Lines are read in chunks that workers prepare in parallel; wherever the chunks are cut,
    /// every fold must see the same log.
    @Test func chunkBoundariesChangeNothing() throws {
        let path = CatalogueDocumentationTests.root + "/events/immerloo.jsonl"
        let file = try LogFile.open(path, .read)
        let end = try file.size()
        func scan<F: LogFold>(_ initial: F, chunkBytes: Int) throws -> (LogScanner, F) {
            var fold = initial
            let scanner = try LogScanner.scan(file, to: end, into: &fold, chunkBytes: chunkBytes)
            return (scanner, fold)
        }
        let (whole, projection) = try scan(ProjectionFold(), chunkBytes: LineReader.chunkBytes)
        let (_, state) = try scan(StateFold(), chunkBytes: LineReader.chunkBytes)
        #expect(whole.problem == nil && whole.committed.offset == end && whole.tree.size == 1749)
        for chunkBytes in [1, 700, 4096, 100_000] {
            let (chain, _) = try scan(ChainFold(), chunkBytes: chunkBytes)
            let (lines, _) = try scan(NoFold(), chunkBytes: chunkBytes)
            let (scanned, folded) = try scan(ProjectionFold(), chunkBytes: chunkBytes)
            let (_, replayed) = try scan(StateFold(), chunkBytes: chunkBytes)
            for scanner in [chain, lines, scanned] {
                #expect(scanner.problem == nil && scanner.committed == whole.committed, "chunks of \(chunkBytes)")
                #expect(scanner.tree == whole.tree, "chunks of \(chunkBytes)")
            }
            #expect(ProgramProjection(folded.model) == ProgramProjection(projection.model), "chunks of \(chunkBytes)")
            #expect(replayed.state == state.state, "chunks of \(chunkBytes)")
        }
    }

    private func lineIndex(_ bytes: [UInt8]) -> [Int] {
        var index = 0
        return bytes.map { byte in
            defer { if byte == 0x0A { index += 1 } }
            return index
        }
    }

    @Test func deletedRepeatedAndSwappedLinesAreNamed() throws {
        let store = try Fixtures.log(events: 5)
        let lines = Fixtures.lines(Fixtures.read(store.path))
        // (line order, bad line index, expected message after the byte offset)
        let cases: [([Int], Int, String)] = [
            ([0, 1, 3, 4], 2, "the line holds seq 4: seq 3 missing"),
            ([0, 1, 3], 2, "the line holds seq 4: seq 3 missing"),
            ([0, 4], 1, "the line holds seq 5: seq 2–4 missing"),
            ([0, 1, 2, 2, 3, 4], 3, "the line holds seq 3 again: a line was repeated or moved"),
            ([0, 2, 1, 3, 4], 1, "the line holds seq 3: seq 2 missing"),
        ]
        for (order, bad, reason) in cases {
            Fixtures.write(Fixtures.joined(order.map { lines[$0] }), to: store.path)
            let offset = Fixtures.joined(order.prefix(bad).map { lines[$0] }).count
            let expected = "seq \(bad + 1) (line \(bad + 1), byte offset \(offset)): \(reason)"
            #expect(try store.verify().problem?.description == expected)
        }
    }

    @Test func unfinishedBatchIsATornTailEvenWhenItsLinesChain() throws {
        let store = try Fixtures.log(events: 2)
        try store.append([Fixtures.approach("HH-a"), Fixtures.approach("HH-b"), Fixtures.approach("HH-c")])
        let lines = Fixtures.lines(Fixtures.read(store.path))
        let complete = Fixtures.joined(Array(lines.prefix(2)))
        Fixtures.write(Fixtures.joined(Array(lines.prefix(4))), to: store.path)
        let result = try store.verify()
        guard case .torn(let tail) = result.problem else { Issue.record("not torn: \(String(describing: result.problem))"); return }
        #expect(tail.offset == Int64(complete.count))
        #expect(tail.reason.contains("batch of 3 events starting at seq 3 ends after 2"))
        #expect(result.verified.seq == 2)
    }

    @Test func appendRefusesATornTailAndRepairQuarantinesIt() throws {
        let store = try Fixtures.log(events: 3)
        let clean = Fixtures.read(store.path)
        let torn = Array(#"{"seq":4,"type":"Househ"#.utf8)
        Fixtures.write(clean + torn, to: store.path)
        #expect { try store.append([Fixtures.deposit()]) } throws: { error in
            let error = error as! LedgerError
            return error.code == .verificationFailed && error.message.contains("torn tail")
        }
        #expect(Fixtures.read(store.path) == clean + torn)

        let repair = try store.repair()
        #expect(repair.moved?.length == Int64(torn.count))
        #expect(repair.end.seq == 3)
        #expect(Fixtures.read(store.path) == clean)
        let quarantine = Fixtures.read(store.quarantinePath)
        #expect(quarantine.count > torn.count)
        #expect(Array(quarantine.suffix(torn.count + 1)) == torn + [0x0A])
        #expect(String(decoding: quarantine, as: UTF8.self).hasPrefix("# ledger repair 2026-01-01T09:00:00Z: \(torn.count) bytes from offset \(clean.count)"))

        #expect(try store.repair().moved == nil)
        #expect(try store.append([Fixtures.deposit()]).first == 4)
        #expect(try store.verify().problem == nil)
    }

    @Test func unparseableLastLineIsTornButInTheMiddleIsDamage() throws {
        let store = try Fixtures.log(events: 2)
        let clean = Fixtures.read(store.path)
        let garbage = [UInt8](repeating: 0, count: 40) + [0x0A]
        Fixtures.write(clean + garbage, to: store.path)
        guard case .torn = try store.verify().problem else { Issue.record("zeros at the end should be torn"); return }

        let lines = Fixtures.lines(clean)
        let middle: [UInt8] = Fixtures.joined([lines[0]]) + garbage + Fixtures.joined([lines[1]])
        Fixtures.write(middle, to: store.path)
        guard case .damaged(let damage) = try store.verify().problem else { Issue.record("zeros in the middle should be damage"); return }
        #expect(damage.seq == 2)
        #expect { try store.repair() } throws: { ($0 as? LedgerError)?.code == .verificationFailed }
        #expect(!Fixtures.exists(store.quarantinePath))
    }

    @Test func rejectedBatchLeavesTheLogUnchanged() throws {
        let store = try Fixtures.log(events: 2)
        let before = Fixtures.read(store.path)
        var tooLong = Fixtures.deposit()
        tooLong.data.members.append(.init("source", .string(String(repeating: "x", count: Limits.maxLineBytes))))
        #expect { try store.append([Fixtures.deposit(), tooLong], labels: ["line 1", "line 2"]) } throws: { error in
            (error as! LedgerError).message.hasPrefix("line 2: ")
        }
        #expect { try store.append([]) } throws: { ($0 as? LedgerError)?.code == .rejected }
        #expect(Fixtures.read(store.path) == before)
    }

    @Test func aWriterThatCannotGetTheLockGivesUpWith75() throws {
        var store = try Fixtures.log(events: 1)
        store.lockWait = 0.2
        let holder = try LogFile.open(store.path, .readWrite)
        #expect(try holder.lock(.exclusive, waitingUpTo: 0))
        #expect { try store.append([Fixtures.deposit()]) } throws: { ($0 as? LedgerError)?.code == .busy }
        holder.unlock()
        #expect(try store.append([Fixtures.deposit()]).first == 2)
    }

    @Test func verifyWaitsForAnAppendInProgressInsteadOfCallingItTorn() throws {
        var store = try Fixtures.log(events: 2)
        store.lockWait = 5
        let writer = try LogFile.open(store.path, .readWrite)
        #expect(try writer.lock(.exclusive, waitingUpTo: 0))
        // A batch of 2 half-written by the "writer" that holds the lock.
        let second = RecordedEvent(seq: 3, batch: 2, recordedAt: 0, event: Fixtures.deposit(), prev: try store.verify().verified.head)
        let first = second.canonicalLine() + [0x0A]
        try writer.writeAll(first, at: Int64(Fixtures.read(store.path).count))
        let third = RecordedEvent(seq: 4, batch: nil, recordedAt: 0, event: Fixtures.deposit(), prev: SHA256.leaf(second.canonicalLine()))
        let offset = Int64(Fixtures.read(store.path).count)
        let rest = third.canonicalLine() + [0x0A]
        DispatchQueue.global().async {
            usleep(300_000)
            try? writer.writeAll(rest, at: offset)
            writer.unlock()
        }
        let result = try store.verify()
        #expect(result.problem == nil)
        #expect(result.verified.seq == 4)
    }
}

/// A batch larger than a window is decided window by window as it is written: a refusal in a
/// later window still leaves the log as it was, and events already in the log are skipped with
/// the batch marker counting only those written.
struct WindowedBatchTests {
    @Test func aRuleBrokenAfterTwoWindowsLeavesTheLogAsItWas() throws {
        let path = Fixtures.scratchPath()
        try LogStore(path: path).create()
        let ledger = Ledger(store: LogStore(path: path, clock: Fixtures.clock))
        _ = try ledger.append([Fixtures.deposit()])
        let before = Fixtures.read(path)
        var batch = (0..<40_000).map { Fixtures.approach(String(format: "HH-%05d", $0)) }
        let late = 2 * LogStore.windowEvents + 100
        batch[late] = Fixtures.approach("HH-00007")  // approached again: rule household-new
        var snapshot: Ledger.Snapshot?
        #expect { try ledger.append(batch, snapshot: &snapshot) } throws: { error in
            "\(error)".contains("event \(late + 1) of the batch: HouseholdApproached HH-00007: rule household-new")
        }
        #expect(Fixtures.read(path) == before)
        // The writer's state still stands at the log's end, as after any refused batch.
        #expect(snapshot?.position.offset == Int64(before.count) && snapshot?.state.fund.depositedCents == 42_500_000)
        batch.remove(at: late)
        #expect(try ledger.append(batch).appended?.last == 40_000)
        #expect(try ledger.store.verify().problem == nil)
        #expect(try ledger.state().households.count == 39_999)
    }

    @Test func eventsAlreadyInTheLogAreSkippedAndNotCounted() throws {
        let path = Fixtures.scratchPath()
        try LogStore(path: path).create()
        let ledger = Ledger(store: LogStore(path: path, clock: Fixtures.clock))
        let batch = (0..<20_000).map { Fixtures.approach(String(format: "HH-%05d", $0), key: "k\($0)") }
        _ = try ledger.append(Array(batch[0..<3]) + [batch[19_999]])
        let report = try ledger.append(batch)
        #expect(report.alreadyPresent.map(\.index) == [0, 1, 2, 19_999])
        #expect(report.appended?.first == 5 && report.appended?.last == 20_000)
        let lines = Fixtures.read(path).split(separator: 0x0A)
        #expect(String(decoding: lines[4], as: UTF8.self).contains("\"batch\":19996,"))
        #expect(try ledger.store.verify().problem == nil)
        let again = try ledger.append(batch)
        #expect(again.appended == nil && again.alreadyPresent.count == 20_000)
    }
}

/// A large batch into a log without idempotency keys is read a part at a time as it is decided
/// (`BatchEvents`): it must write what the same batch read whole writes, refuse the same way,
/// and fall back to reading whole when the log has keys that could skip some of its events.
struct StreamedBatchTests {
    /// Parts of 64 events, so that a batch of a few thousand is streamed.
    static func streamed(_ events: [PendingEvent]) -> BatchEvents {
        BatchEvents(count: events.count, partEvents: 64) { index in Result { () throws(InputError) in try DomainEvent(events[index]) } }
    }

    static func freshLedger() throws -> Ledger {
        let path = Fixtures.scratchPath()
        try LogStore(path: path).create()
        return Ledger(store: LogStore(path: path, clock: Fixtures.clock))
    }

    @Test func aStreamedBatchWritesWhatTheBatchReadWholeWrites() throws {
        // Every kind of event of the demo year, as one batch.
        let year = DemoProgram.immerloo().flatMap(\.events)
        let (streamedLedger, wholeLedger) = (try Self.freshLedger(), try Self.freshLedger())
        let events = Self.streamed(year)
        #expect(events.canStream)
        var snapshot: Ledger.Snapshot?
        let report = try streamedLedger.append(events, labels: .positions, snapshot: &snapshot)
        #expect(report.appended?.last == Int64(year.count))
        #expect(events.all == nil)  // streamed: never read whole
        _ = try wholeLedger.append(year)
        #expect(Fixtures.read(streamedLedger.store.path) == Fixtures.read(wholeLedger.store.path))
        #expect(try streamedLedger.state() == wholeLedger.state())
        #expect(snapshot?.state == (try wholeLedger.state()))
    }

    @Test func aRefusalInALaterPartLeavesTheLogAsItWas() throws {
        let ledger = try Self.freshLedger()
        _ = try ledger.append([Fixtures.deposit()])
        let before = Fixtures.read(ledger.store.path)
        var batch = (0..<1000).map { Fixtures.approach(String(format: "HH-%05d", $0)) }
        batch[700].actor = "J. Jansen"  // not a pseudonym: refused where it is read
        var snapshot: Ledger.Snapshot?
        #expect { try ledger.append(Self.streamed(batch), labels: .positions, snapshot: &snapshot) } throws: { error in
            "\(error)".contains("event 701 of the batch: actor \"J. Jansen\" is not a pseudonym")
        }
        #expect(Fixtures.read(ledger.store.path) == before)
        batch[700] = Fixtures.approach("HH-00003")  // approached earlier in the batch: rule household-new
        #expect { try ledger.append(Self.streamed(batch), labels: .positions, snapshot: &snapshot) } throws: { error in
            "\(error)".contains("event 701 of the batch: HouseholdApproached HH-00003: rule household-new")
        }
        #expect(Fixtures.read(ledger.store.path) == before)
        #expect(snapshot?.state.households.isEmpty == true)
    }

    @Test func keysInTheLogMakeTheBatchBeReadWhole() throws {
        let ledger = try Self.freshLedger()
        let batch = (0..<1000).map { Fixtures.approach(String(format: "HH-%05d", $0), key: "k\($0)") }
        _ = try ledger.append([batch[999]])
        var snapshot: Ledger.Snapshot?
        let events = Self.streamed(batch)
        let report = try ledger.append(events, labels: .positions, snapshot: &snapshot)
        // Streamed, the first line would have said 1000 events; read whole, the one in the log is skipped.
        #expect(events.all?.count == 1000)
        #expect(report.alreadyPresent.map(\.index) == [999])
        #expect(report.appended?.first == 2 && report.appended?.last == 1000)
        let lines = Fixtures.read(ledger.store.path).split(separator: 0x0A)
        #expect(String(decoding: lines[1], as: UTF8.self).contains("\"batch\":999,"))
        #expect(try ledger.store.verify().problem == nil)
    }
}
