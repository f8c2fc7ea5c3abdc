import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// Checkpoints and proofs through the binary, checked without the log.
struct ProofTests {
    static let demo = LedgerProcess.root + "/events/immerloo.jsonl"

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func inclusionProofsCheckOfflineAndWrongInputsFail() throws {
        let scratch = try Scratch()
        let checkpoint = try LedgerProcess.run(["checkpoint", "--log", Self.demo])
        #expect(checkpoint.status == 0)
        let parts = checkpoint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(parts.count == 5 && parts[1] == "1749" && parts[3].isEmpty && parts[0].hasPrefix("ledger/"))
        let verify = try LedgerProcess.run(["verify", "--chain-only", "--log", Self.demo])
        #expect(verify.stdout.contains("merkle root \(parts[2])"))
        let cp = try scratch.write(checkpoint.stdout, to: "cp.txt")
        let lines = Self.lines(Self.demo)
        for seq in [1, 2, 42, 1024, 1748, 1749] {
            let proof = try scratch.write(try LedgerProcess.run(["prove", "\(seq)", "--log", Self.demo]).stdout, to: "p\(seq).txt")
            let event = try scratch.write(lines[seq - 1] + "\n", to: "e\(seq).txt")
            let check = try LedgerProcess.run(["check-proof", proof, "--checkpoint", cp, "--event", event])
            #expect(check.status == 0, "seq \(seq): \(check.stderr)")
            #expect(check.stdout.hasPrefix("valid: event seq \(seq)"))
        }
        // The wrong event, the right event changed, a changed hash, another checkpoint.
        let proof = scratch.path("p42.txt")
        let other = try scratch.write(lines[42] + "\n", to: "other.txt")
        #expect(try LedgerProcess.run(["check-proof", proof, "--checkpoint", cp, "--event", other]).status == 1)
        let changed = try scratch.write(lines[41].replacingOccurrences(of: "T17:00:00Z", with: "T17:00:01Z") + "\n", to: "changed.txt")
        let changedCheck = try LedgerProcess.run(["check-proof", proof, "--checkpoint", cp, "--event", changed])
        #expect(changedCheck.status == 1 && changedCheck.stderr.contains("invalid: event seq 42"))
        var hashes = try String(contentsOfFile: proof, encoding: .utf8).split(separator: "\n").map(String.init)
        hashes[4] = String(hashes[4].reversed())
        let tampered = try scratch.write(hashes.joined(separator: "\n") + "\n", to: "tampered.txt")
        #expect(try LedgerProcess.run(["check-proof", tampered, "--checkpoint", cp, "--event", scratch.path("e42.txt")]).status != 0)
        let small = try scratch.log(events: 3)
        let otherCheckpoint = try scratch.write(try LedgerProcess.run(["checkpoint", "--log", small]).stdout, to: "cp-other.txt")
        let mismatch = try LedgerProcess.run(["check-proof", proof, "--checkpoint", otherCheckpoint, "--event", scratch.path("e42.txt")])
        #expect(mismatch.status == 1 && mismatch.stderr.contains("the proof is for a log of 1749 events, the checkpoint for 3"))
    }

    @Test func consistencyProofsAndARewrittenHistory() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 5)
        let old = try scratch.write(try LedgerProcess.run(["checkpoint", "--log", log]).stdout, to: "old.txt")
        #expect(try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.approaches(6...9)).status == 0)
        let new = try scratch.write(try LedgerProcess.run(["checkpoint", "--log", log]).stdout, to: "new.txt")
        let proof = try scratch.write(try LedgerProcess.run(["prove", "--consistency", "5", "--log", log]).stdout, to: "c5.txt")
        let check = try LedgerProcess.run(["check-proof", proof, "--old", old, "--checkpoint", new])
        #expect(check.status == 0, "\(check.stderr)")

        // Rewrite history: change seq 3 and recompute every hash after it; verify is happy, the
        // published old checkpoint is not.
        var lines = Self.lines(log)
        lines[2] = lines[2].replacingOccurrences(of: "\"channel\":\"letter\"", with: "\"channel\":\"phone\"")
        var head = String(repeating: "0", count: 64)
        for i in lines.indices {
            lines[i] = String(lines[i].dropLast(66)) + head + "\"}"
            head = sha256Leaf(lines[i])
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        #expect(try LedgerProcess.run(["verify", "--log", log]).status == 0)
        let rewritten = try scratch.write(try LedgerProcess.run(["checkpoint", "--log", log]).stdout, to: "rewritten.txt")
        let forged = try scratch.write(try LedgerProcess.run(["prove", "--consistency", "5", "--log", log]).stdout, to: "forged.txt")
        let caught = try LedgerProcess.run(["check-proof", forged, "--old", old, "--checkpoint", rewritten])
        #expect(caught.status == 1 && caught.stderr.contains("history was rewritten"))
    }

    func sha256Leaf(_ line: String) -> String {
        SHA256.leaf(Array(line.utf8)).hex
    }
}
