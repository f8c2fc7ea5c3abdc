import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// The log commands end to end, through the built binary.
struct AppendVerifyTests {
    @Test func initAppendVerify() throws {
        let scratch = try Scratch()
        let log = scratch.path("log.jsonl")
        #expect(try LedgerProcess.run(["init", "--log", log]).status == 0)
        let again = try LedgerProcess.run(["init", "--log", log])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already exists"))

        let batch = try scratch.write(Events.deposit + "\n\n" + Events.approaches(1...2), to: "batch.jsonl")
        let first = try LedgerProcess.run(["append", "--log", log, batch])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("appended seq 1–3 (3 events)"))
        let second = try LedgerProcess.run(["append", "--log", log, "--json", "-"], stdin: Events.approach(9))
        #expect(second.stdout.hasPrefix(#"{"first":4,"last":4,"events":1,"head":""#))

        let verify = try LedgerProcess.run(["verify", "--log", log])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("ok: 4 events (seq 1–4)"))
        let lines = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix(#"{"seq":1,"batch":3,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-04-01","actor":"program-01","data":{"fund":"afkoopfonds","amountCents":42500000,"source":"gemeente"},"prev":"0000"#))
    }

    /// `append --stream`: every line its own durable append with its own result line; refused
    /// lines are answered and skipped, and the exit code says some were.
    @Test func aStreamAppendsLineByLine() throws {
        let scratch = try Scratch()
        let log = scratch.path("log.jsonl")
        #expect(try LedgerProcess.run(["init", "--log", log]).status == 0)
        let input = [Events.deposit, Events.approach(1), "{not json", "", Events.approach(1), Events.approach(2)].joined(separator: "\n")
        let text = try LedgerProcess.run(["append", "--stream", "--log", log, "-"], stdin: input)
        #expect(text.status == 65)
        let results = text.stdout.split(separator: "\n").map(String.init)
        #expect(results.count == 5, "one result per non-blank line: \(results)")
        #expect(results[0].hasPrefix("appended seq 1 (1 event)") && results[1].hasPrefix("appended seq 2 (1 event)"))
        #expect(results[2].hasPrefix("refused: stdin line 3: not valid JSON"))
        #expect(results[3] == "refused: stdin line 5: HouseholdApproached HH-001: rule household-new: household HH-001 was already approached")
        #expect(results[4].hasPrefix("appended seq 3 (1 event)"))
        #expect(text.stderr == "error: 2 lines were refused (stdin lines 3, 5); every other line was appended\n")
        #expect(try LedgerProcess.run(["verify", "--log", log]).stdout.hasPrefix("ok: 3 events"))

        let json = try LedgerProcess.run(["append", "--stream", "--json", "--log", log, "-"], stdin: Events.approach(3) + "\n" + Events.approach(3) + "\n")
        let answers = json.stdout.split(separator: "\n").map(String.init)
        #expect(answers.count == 2)
        #expect(answers.first?.hasPrefix(#"{"first":4,"last":4,"events":1,"head":""#) == true)
        #expect(answers.last == #"{"refused":"stdin line 2: HouseholdApproached HH-003: rule household-new: household HH-003 was already approached","line":2}"#)
    }

    /// Each result is out before the next line is read: a program can wait for it.
    @Test func aStreamAnswersEachLineAsItArrives() throws {
        let scratch = try Scratch()
        let log = scratch.path("log.jsonl")
        #expect(try LedgerProcess.run(["init", "--log", log]).status == 0)
        let process = LedgerProcess.start(["append", "--stream", "--log", log, "-"])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { process.terminate() }
        for (index, line) in [Events.deposit, Events.approach(1), Events.approach(2)].enumerated() {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            var poll = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 20_000) == 1 else {
                Issue.record("no answer to line \(index + 1) within 20 s")
                return
            }
            let answer = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            #expect(answer.hasPrefix("appended seq \(index + 1) (1 event)"), "\(answer)")
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A stream whose lines are all there at once: each append is made durable while the next
    /// is written (`LogStore.WriteSession`), yet the answers come in input order, one per line,
    /// a refusal in its place among them; a writer that comes along meanwhile gets in (that the
    /// session lets go now and then is `aWriteSessionHoldsTheLockUntilItLetsGo`); and the log is
    /// byte for byte the one that an append per line makes.
    @Test func aStreamOfWaitingLinesAnswersInOrderAndLetsOtherWritersIn() throws {
        let scratch = try Scratch()
        let log = scratch.path("log.jsonl"), oneByOne = scratch.path("one-by-one.jsonl")
        for path in [log, oneByOne] { #expect(try LedgerProcess.run(["init", "--log", path]).status == 0) }
        let count = 2 * LogStore.WriteSession.batchesPerHold + 5
        var lines = (1...count).map { Events.approach($0) }
        lines.insert(Events.approach(7), at: 100)  // refused: HH-007 is approached already by then
        let input = try scratch.write(lines.joined(separator: "\n") + "\n", to: "input.jsonl")

        let stream = LedgerProcess.start(["append", "--stream", "--log", log, input])
        let output = Pipe()
        stream.standardOutput = output
        stream.standardError = Pipe()
        try stream.run()
        // Another writer, started while the stream is at it, waits at most a hold of the lock.
        let other = try LedgerProcess.run(["append", "--log", log, "--wait", "20", "-"], stdin: Events.approach(90_000) + "\n")
        let answers = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        stream.waitUntilExit()
        #expect(other.status == 0, "\(other.stderr)")
        #expect(stream.terminationStatus == 65, "one line was refused")
        #expect(answers.count == count + 1)
        #expect(answers[100] == "refused: \(input) line 101: HouseholdApproached HH-007: rule household-new: household HH-007 was already approached")
        // Appended answers name consecutive seqs, except where the other writer got in.
        let seqs = answers.compactMap { $0.hasPrefix("appended seq ") ? Int64($0.dropFirst(13).prefix { $0.isNumber }) : nil }
        #expect(seqs.count == count)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $1 == $0 + 1 || $1 == $0 + 2 }, "answers out of order")
        #expect(try LedgerProcess.run(["verify", "--log", log]).stdout.hasPrefix("ok: \(count + 1) events"))

        // Without the other writer, the log is byte for byte what one append per line makes.
        let byLine = scratch.path("by-line.jsonl")
        #expect(try LedgerProcess.run(["init", "--log", byLine]).status == 0)
        _ = try LedgerProcess.run(["append", "--stream", "--log", byLine, input])
        for line in lines { _ = try LedgerProcess.run(["append", "--log", oneByOne, "-"], stdin: line + "\n") }
        #expect(scratch.bytes("by-line.jsonl") == scratch.bytes("one-by-one.jsonl"))
    }

    @Test func aFixedClockMakesImportsReproducible() throws {
        let scratch = try Scratch()
        for name in ["a.jsonl", "b.jsonl"] { _ = try scratch.log(name, events: 5) }
        #expect(scratch.bytes("a.jsonl") == scratch.bytes("b.jsonl"))
        #expect(!scratch.bytes("a.jsonl").isEmpty)
        let bad = try LedgerProcess.run(["verify", "--log", scratch.path("a.jsonl")], environment: ["LEDGER_NOW": "yesterday"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("LEDGER_NOW \"yesterday\""))
    }

    @Test func aBadSecondLineRejectsTheWholeBatch() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 2)
        let before = scratch.bytes("log.jsonl")
        let bad = Events.approach(7) + "\n" + Events.approach(8).replacingOccurrences(of: "2024-04-03", with: "2024-02-30") + "\n"
        let result = try LedgerProcess.run(["append", "--log", log, "-"], stdin: bad)
        #expect(result.status == 65)
        #expect(result.stderr == "error: stdin line 2: effective \"2024-02-30\" is not a real YYYY-MM-DD date\n")
        #expect(scratch.bytes("log.jsonl") == before)

        let float = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.deposit.replacingOccurrences(of: "42500000", with: "425000.00"))
        #expect(float.status == 65)
        #expect(float.stderr.contains("line 1: not valid JSON: number 425000.00 is not an integer (amounts are integer cents)"))
        #expect(scratch.bytes("log.jsonl") == before)
    }

    /// Large batches are split into lines and read on every core; the error must still name the
    /// first bad line in input order, whether the line is bad as JSON or against the catalogue,
    /// and count blank lines wherever they are (the second core's lines are numbered on from the
    /// first's).
    @Test func aLargeBatchNamesItsFirstBadLine() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 2)
        let before = scratch.bytes("log.jsonl")
        var lines = (10...12_009).map { Events.approach($0) }
        lines[5_500] = "{broken"
        lines[9_000] = Events.approach(9_010).replacingOccurrences(of: "2024-04-03", with: "2024-02-30")
        let syntax = try LedgerProcess.run(["append", "--log", log, try scratch.write(lines.joined(separator: "\n"), to: "a.jsonl")])
        #expect(syntax.status == 65)
        #expect(syntax.stderr.hasPrefix("error: \(scratch.path("a.jsonl")) line 5501: not valid JSON"), "\(syntax.stderr)")
        lines[5_500] = Events.approach(5_510).replacingOccurrences(of: "\"channel\":\"letter\"", with: "\"channel\":\"pigeon\"")
        lines[9_000] = Events.approach(9_010).replacingOccurrences(of: "\"channel\":\"letter\"", with: "\"channel\":\"owl\"")
        let catalogue = try LedgerProcess.run(["append", "--log", log, try scratch.write(lines.joined(separator: "\n"), to: "b.jsonl")])
        #expect(catalogue.status == 65)
        #expect(catalogue.stderr.hasPrefix("error: \(scratch.path("b.jsonl")) line 5501: data.channel \"pigeon\" is not one of"), "\(catalogue.stderr)")
        #expect(scratch.bytes("log.jsonl") == before)
        lines[5_500] = Events.approach(5_510)
        lines[9_000] = Events.approach(9_010)
        // Blank lines in the first half, the only bad line in the second half and the last.
        for bad in [9_000, 11_999] {
            var spaced = lines
            spaced[100] = ""
            spaced[3_000] = "  \t"
            spaced[bad] = "{broken"
            let late = try LedgerProcess.run(["append", "--log", log, try scratch.write(spaced.joined(separator: "\n"), to: "d.jsonl")])
            #expect(late.stderr.hasPrefix("error: \(scratch.path("d.jsonl")) line \(bad + 1): not valid JSON"), "\(late.stderr)")
        }
        let good = try LedgerProcess.run(["append", "--log", log, try scratch.write(lines.joined(separator: "\n"), to: "c.jsonl")])
        #expect(good.stdout.hasPrefix("appended seq 3–12002 (12000 events)"), "\(good.stderr)")
    }

    @Test func aTamperedByteIsNamedBySeq() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 5)  // one batch of 5: damage is counted per event, not per batch
        var text = String(decoding: scratch.bytes("log.jsonl"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""household":"HH-003""#, with: #""household":"HH-008""#)
        _ = try scratch.write(text, to: "log.jsonl")
        let result = try LedgerProcess.run(["verify", "--log", log])
        #expect(result.status == 1)
        #expect(result.stdout.contains("verified before the problem: 2 events"))
        #expect(result.stderr.contains("seq 3 (line 3, byte offset"))
        #expect(result.stderr.contains("line was altered after it was written"))
        let append = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.deposit)
        #expect(append.status == 1)
        #expect(append.stderr.contains("refusing to append"))
    }

    @Test func aTornTailIsRefusedThenRepairedIntoQuarantine() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 3)
        let clean = scratch.bytes("log.jsonl")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":4,"type":"HouseholdAppro"#.utf8))
        try handle.close()

        let verify = try LedgerProcess.run(["verify", "--log", log])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("torn tail: 31 bytes at offset \(clean.count)"))
        let append = try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.deposit)
        #expect(append.status == 1)
        #expect(append.stderr.contains("refusing to append"))

        let repair = try LedgerProcess.run(["repair", "--log", log])
        #expect(repair.status == 0)
        #expect(repair.stdout.contains("moved 31 bytes from offset \(clean.count) to \(log).quarantine"))
        #expect(scratch.bytes("log.jsonl") == clean)
        let quarantine = String(decoding: scratch.bytes("log.jsonl.quarantine"), as: UTF8.self)
        #expect(quarantine.hasSuffix("\n{\"seq\":4,\"type\":\"HouseholdAppro\n"))
        #expect(try LedgerProcess.run(["verify", "--log", log]).status == 0)
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.deposit).stdout.hasPrefix("appended seq 4 "))
    }

    @Test func usageAndMissingFilesHaveTheirExitCodes() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 1)
        let cases: [([String], Int32, String)] = [
            (["frobnicate"], 64, "unknown command \"frobnicate\""),
            (["verify", "--log", log, "--colour"], 64, "unknown option --colour"),
            (["append", "--log", log], 64, "missing argument"),
            (["append", "--log", log, "a", "b"], 64, "unexpected argument b"),
            (["verify", "--log"], 64, "--log needs a value"),
            (["verify", "--log", log, "--wait", "soon"], 64, "--wait soon is not a number"),
            (["verify", "--log", scratch.path("nope.jsonl")], 66, "does not exist"),
            (["append", "--log", log, scratch.path("nope-batch.jsonl")], 66, "cannot read batch"),
            (["init"], 64, "init needs --log FILE"),
        ]
        for (arguments, status, message) in cases {
            let result = try LedgerProcess.run(arguments)
            #expect(result.status == status, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        let elsewhere = try LedgerProcess.run(["report"], in: scratch.directory.path)
        #expect(elsewhere.status == 66 && elsewhere.stderr.contains("no log given, and the default events/immerloo.jsonl is not in"))
        #expect(elsewhere.stderr.contains("give --log FILE or set LEDGER_LOG"))
        let help = try LedgerProcess.run(["help", "repair"])
        #expect(help.status == 0 && help.stdout.contains("usage: ledger repair"))
        #expect(try LedgerProcess.run(["append", "--help"]).stdout.contains("usage: ledger append"))
    }
}
