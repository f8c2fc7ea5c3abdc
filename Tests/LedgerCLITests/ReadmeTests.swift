import Foundation
import LedgerTesting
import Testing

/// The README's examples are run as written, so a newcomer's first commands work.
struct ReadmeTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// The lines of the walkthrough block that run `ledger`, split into words as a shell would
    /// (double quotes only, which is all the README uses).
    static func walkthrough() -> [[String]] {
        guard let start = readme.range(of: "<!-- walkthrough -->"), let end = readme.range(of: "<!-- /walkthrough -->") else { return [] }
        return readme[start.upperBound..<end.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("ledger ") }
            .map { line in
                var words: [String] = [], word = "", quoted = false
                for c in line.dropFirst("ledger ".count) {
                    if c == "\"" { quoted.toggle() } else if c == " " && !quoted {
                        if !word.isEmpty { words.append(word); word = "" }
                    } else { word.append(c) }
                }
                if !word.isEmpty { words.append(word) }
                return words
            }
    }

    @Test func everyTypedCommandIsInTheWalkthrough() {
        let used = Set(Self.walkthrough().map { $0[0] })
        let typed = ["deposit", "approach", "respond", "enroll", "assign-coach", "assess-circumstances", "assess-typology",
                     "record-development", "register-debt", "request-balance", "confirm-balance", "correct-debt", "add-costs",
                     "complete-inventory", "pause", "lift-pause", "send-offer", "accept-offer", "reject-offer", "withdraw-offer",
                     "pay", "reverse-payment", "resolve-debt", "agree-repayment", "receive-repayment", "exit"]
        #expect(typed.count == 26)
        for name in typed { #expect(used.contains(name), "\(name) missing from the README walkthrough") }
        let help = (try? LedgerProcess.run(["help"]).stdout) ?? ""
        for name in typed { #expect(help.contains("  \(name) "), "\(name) missing from ledger help") }
    }

    @Test func theWalkthroughRunsOnAFreshLog() throws {
        let scratch = try Scratch()
        let commands = Self.walkthrough()
        #expect(commands.count > 30)
        let environment = ["LEDGER_LOG": scratch.path("program.jsonl"), "LEDGER_ACTOR": "coach-03"]
        for arguments in commands {
            let arguments = arguments.map { $0 == "program.jsonl" ? scratch.path("program.jsonl") : $0 }
            let result = try LedgerProcess.run(arguments, environment: environment)
            #expect(result.status == 0, "ledger \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let lines = String(decoding: scratch.bytes("program.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == commands.count - 2)  // init and verify write nothing
    }
}
