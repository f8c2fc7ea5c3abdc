import Foundation
import LedgerTesting
import Testing

struct ExportTests {
    static func files(_ directory: String) throws -> [String: String] {
        var contents: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            contents[name] = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        return contents
    }

    @Test func csvHasOneRowPerEventAndATablePerProjection() throws {
        let scratch = try Scratch()
        let out = scratch.path("csv")
        let result = try LedgerProcess.run(["export", "--format", "csv", "--out", out], in: LedgerProcess.root)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try Self.files(out)
        #expect(Set(files.keys) == ["events.csv", "households.csv", "debts.csv", "offers.csv", "pauses.csv", "payments.csv", "fund.csv", "creditors.csv"])
        let events = files["events.csv"]!.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(events.first == "seq,batch,type,v,recordedAt,effective,actor,key,household,data,prev")
        #expect(events.count == 1 + 1749)
        #expect(events.dropFirst().enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset + 1),") })
        #expect(files["households.csv"]!.split(separator: "\n").count == 1 + 33)
        #expect(files["payments.csv"]!.split(separator: "\n").count == 1 + 160)
    }

    /// A torn tail is left out of the export, once: one row per complete event.
    @Test func aTornTailIsLeftOutOfTheExport() throws {
        let scratch = try Scratch()
        let log = try scratch.log(events: 5)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":6,"type":"Househ"#.utf8))
        try handle.close()
        let result = try LedgerProcess.run(["export", "--format", "csv", "--out", scratch.path("out"), "--log", log])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: ") && result.stderr.contains("torn tail"))
        let rows = try String(contentsOfFile: scratch.path("out") + "/events.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 5)
        #expect(try String(contentsOfFile: scratch.path("out") + "/households.csv", encoding: .utf8).split(separator: "\n").count == 1 + 5)
    }

    @Test func pseudonymisedExportsHoldNoOriginalIdsAndJoinOnlyUnderOneKey() throws {
        let scratch = try Scratch()
        let key = "an auditor's secret, long enough"
        for (name, secret) in [("a", key), ("b", key), ("c", "another secret, also long enough")] {
            let result = try LedgerProcess.run(["export", "--format", "jsonl", "--out", scratch.path(name), "--pseudonymize", secret], in: LedgerProcess.root)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let a = try Self.files(scratch.path("a")), b = try Self.files(scratch.path("b")), c = try Self.files(scratch.path("c"))
        let original = try NSRegularExpression(pattern: #"HH-\d|coach-\d|program-\d|/D-\d|/O-\d|/P-\d"#)
        for (name, text) in a {
            let found = original.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(found == nil, "\(name) holds an original id")
            #expect(!text.contains("\"prev\""), "\(name) holds hashes of the original lines")
        }
        #expect(a == b, "one key gives the same pseudonyms")
        #expect(a["households.jsonl"] != c["households.jsonl"], "another key gives other pseudonyms")
        // Within one export the pseudonyms join: every debt's household is a household.
        let households = Set(a["households.jsonl"]!.split(separator: "\n").map { line in
            String(line.split(separator: "\"household\":\"")[1].prefix { $0 != "\"" })
        })
        let debtHouseholds = Set(a["debts.jsonl"]!.split(separator: "\n").map { line in
            String(line.split(separator: "\"household\":\"")[1].prefix { $0 != "\"" })
        })
        #expect(debtHouseholds.isSubset(of: households) && debtHouseholds.count == 15)
        let short = try LedgerProcess.run(["export", "--format", "csv", "--out", scratch.path("d"), "--pseudonymize", "short"], in: LedgerProcess.root)
        #expect(short.status == 64)
    }
}
