import Foundation
import LedgerTesting
import Testing
@testable import LedgerCore

/// Writers under pressure: several at once, a full file-size limit, a held lock, a kill -9.
struct WriterFaultTests {
    @Test func fourProcessesAppendingAtOnceLoseNothing() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 0)
        let writers = 4, rounds = 15, batchSize = 3
        // Each writer appends `rounds` batches, each batch from its own input file.
        var scripts: [String] = []
        for writer in 0..<writers {
            var script = ""
            for round in 0..<rounds {
                let lines = (0..<batchSize).map { Events.approach(100_000 + writer * 1000 + round * 10 + $0, key: "w\(writer)-r\(round)-e\($0)") }
                let batch = try scratch.write(lines.joined(separator: "\n"), to: "w\(writer)-r\(round).jsonl")
                script += "\"\(LedgerProcess.binary)\" append --wait 120 --log \"\(log)\" \"\(batch)\" >/dev/null || exit 1\n"
            }
            scripts.append(script)
        }
        #expect(try LedgerProcess.runConcurrently(scripts).allSatisfy { $0 == 0 })
        let verify = try LedgerProcess.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("ok: \(writers * rounds * batchSize) events"))

        // Every event exactly once, and every batch in one piece, in its own order.
        let lines = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self).split(separator: "\n")
        let keys = lines.map { line in String(line.split(separator: "\"key\":\"")[1].prefix { $0 != "\"" }) }
        #expect(Set(keys).count == writers * rounds * batchSize)
        for start in stride(from: 0, to: keys.count, by: batchSize) {
            let batch = keys[start..<(start + batchSize)]
            let stem = batch.first!.dropLast(2)
            #expect(batch.elementsEqual((0..<batchSize).map { "\(stem)e\($0)" }), "\(batch)")
            #expect(lines[start].contains("\"batch\":\(batchSize)"))
        }
    }

    /// A file-size limit hit by a small batch, and by a large one after its first windows went out
    /// (the failure then comes from the thread that writes while the next window is encoded).
    @Test(arguments: [(10...40, 2), (10...50_000, 6 << 20 / 512)])
    func aFileSizeLimitFailsWith74AndLeavesTheLogUnchanged(households: ClosedRange<Int>, roomBlocks: Int) throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 3)
        let before = scratch.bytes("log.jsonl")
        let batch = try scratch.write(Events.approaches(households), to: "big.jsonl")
        // ulimit -f counts 512-byte blocks: room for what is there plus a little (for the large
        // batch, more than its first window of ~4 MB), not the batch.
        let blocks = before.count / 512 + roomBlocks
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -f \(blocks); exec \"\(LedgerProcess.binary)\" append --log \"\(log)\" \"\(batch)\""]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 74)
        #expect(message.contains("no space for the batch (disk full or file-size limit); nothing was appended, the log still ends at seq 3"))
        #expect(message.contains("File too large"))
        #expect(scratch.bytes("log.jsonl") == before)
        #expect(try LedgerProcess.run(["verify", "--log", log]).status == 0)
    }

    /// A batch large enough to be read as it is decided (more than two parts of 32,768 lines,
    /// into a log without idempotency keys): a bad line near its end is found after windows
    /// before it were written, which are cut back off — exit 65, naming the line, the log as it was.
    @Test func aBadLineLateInAStreamedBatchLeavesTheLogAsItWas() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 3)
        let before = scratch.bytes("log.jsonl")
        var lines = Events.approaches(1000...70_999).split(separator: "\n").map(String.init)
        lines[68_999] = lines[68_999].replacingOccurrences(of: "coach-01", with: "Jan Jansen")
        let batch = try scratch.write(lines.joined(separator: "\n") + "\n", to: "big.jsonl")
        let result = try LedgerProcess.run(["append", "--log", log, batch])
        #expect(result.status == 65)
        #expect(result.stderr.contains("big.jsonl line 69000: actor \"Jan Jansen\" is not an id"), "\(result.stderr)")
        #expect(scratch.bytes("log.jsonl") == before)
        #expect(try LedgerProcess.run(["verify", "--log", log]).status == 0)
        // Mended, the same batch goes in whole.
        lines[68_999] = Events.approach(69_999)
        _ = try scratch.write(lines.joined(separator: "\n") + "\n", to: "big.jsonl")
        let mended = try LedgerProcess.run(["append", "--log", log, batch])
        #expect(mended.status == 0, "\(mended.stderr)")
        #expect(mended.stdout.contains("seq 4–70003"), "\(mended.stdout)")
    }

    @Test func aWriterThatCannotGetTheLockExits75() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 1)
        let holder = try LogFile.open(log, .readWrite)
        #expect(try holder.lock(.exclusive, waitingUpTo: 0))
        let result = try LedgerProcess.run(["append", "--log", log, "--wait", "0.3", "-"], stdin: Events.deposit)
        #expect(result.status == 75)
        #expect(result.stderr.contains("is busy: another writer held its lock for more than 0.3 s"))
        holder.unlock()
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.deposit).status == 0)
    }

    /// kill -9 at random moments of a large batch append (spread over the time a whole append
    /// takes, so some land while parsing, some while writing, some after): the batch is
    /// afterwards either wholly there or, after `repair`, wholly gone — never partly.
    @Test func aKilledWriterLeavesAllOrNothing() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 2)
        let size = 30_000
        let batch = try scratch.write(Events.approaches(1000...(999 + size)), to: "big.jsonl")
        let started = Date()
        #expect(try LedgerProcess.run(["append", "--log", log, batch]).status == 0)
        let full = Date().timeIntervalSince(started)
        var expected = 2 + size
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<4 {
            let process = LedgerProcess.start(["append", "--log", log, batch])
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            usleep(UInt32(Double.random(in: 0.5...1.1, using: &generator) * full * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let before = try LedgerProcess.run(["verify", "--log", log])
            if before.status != 0 {
                #expect(before.stderr.contains("torn tail"), "attempt \(attempt): \(before.stderr)")
                #expect(try LedgerProcess.run(["repair", "--log", log]).status == 0)
            }
            let after = try LedgerProcess.run(["verify", "--log", log, "--json"])
            #expect(after.status == 0)
            let events = Int(after.stdout.split(separator: "\"events\":")[1].prefix { $0.isNumber })!
            #expect(events == expected || events == expected + size, "attempt \(attempt): \(events) events")
            expected = events
        }
    }
}
