import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// Hostile input never crashes the binary: randomly mutated logs, mutated batches and mangled
/// arguments each end in one of DESIGN.md's exit codes with an `error:` line — no signal, no
/// trap. The quick part of issue 8's fuzzing; seeds are fixed so a failure reproduces.
struct FuzzTests {
    static let allowed: Set<Int32> = [0, 1, 64, 65, 66, 74, 75]

    static func expectClean(_ outcome: LedgerProcess.Outcome, _ what: String) {
        #expect(allowed.contains(outcome.status), "\(what): exit \(outcome.status)\n\(outcome.stderr)")
        if outcome.status != 0 {
            #expect(outcome.stderr.hasPrefix("error: ") || outcome.stderr.hasPrefix("warning: "), "\(what): \(outcome.stderr)")
        }
    }

    @Test func mutatedLogs() throws {
        let scratch = try Scratch()
        let clean = Array(String(decoding: FileManager.default.contents(atPath: LedgerProcess.root + "/events/immerloo.jsonl")!, as: UTF8.self).utf8.prefix(60_000))
        var r = SplitMix64(seed: 8)
        for round in 0..<40 {
            let path = try scratch.write(String(decoding: Mutation.apply(to: clean, &r, longest: 300), as: UTF8.self), to: "m\(round).jsonl")
            for command in [["verify"], ["report", "--json"], ["household", "HH-001"], ["repair"], ["checkpoint"], ["prove", "3"]] {
                Self.expectClean(try LedgerProcess.run(command + ["--log", path]), "round \(round) \(command)")
            }
        }
    }

    @Test func mutatedBatches() throws {
        let scratch = try Scratch()
        let batch = Array((World.enrolledEvents + RuleCases.refusals.prefix(12).flatMap(\.1)).map(\.inputLine).joined(separator: "\n").utf8)
        var r = SplitMix64(seed: 9)
        for round in 0..<40 {
            let log = try scratch.log("b\(round).jsonl", events: 0)
            let before = scratch.bytes("b\(round).jsonl")
            let outcome = try LedgerProcess.run(["append", "--log", log, "-"], stdin: String(decoding: Mutation.apply(to: batch, &r, longest: 300), as: UTF8.self))
            Self.expectClean(outcome, "batch round \(round)")
            if outcome.status != 0 { #expect(scratch.bytes("b\(round).jsonl") == before, "a refused batch changed the log") }
            #expect(try LedgerProcess.run(["verify", "--log", log]).status == 0, "round \(round): the log no longer verifies")
        }
    }

    @Test func mangledArguments() throws {
        var r = SplitMix64(seed: 10)
        let words = ["append", "verify", "report", "household", "pay", "send-offer", "demo", "export", "prove", "check-proof", "fund",
                     "--log", "--json", "--as-of", "--as-of-seq", "--amount", "--from", "--to", "--consistency", "--format", "--out",
                     "-", "--", "", "HH-001", "2024-02-30", "1.234,56", "-5", "99999999999999999999", "\u{0}", "é", "--wait", "nan",
                     "/nonexistent/x", "--households", "0", "--seed", "--html", "--event", "--checkpoint"]
        for _ in 0..<60 {
            let arguments = (0..<r.int(1...6)).map { _ in r.pick(words) }
            let outcome = try LedgerProcess.run(arguments, in: FileManager.default.temporaryDirectory.path)
            Self.expectClean(outcome, "arguments \(arguments)")
        }
    }
}
