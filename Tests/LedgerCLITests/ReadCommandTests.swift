import Foundation
import LedgerTesting
import Testing

/// The read side through the binary, on the committed demo log, as a newcomer runs it.
struct ReadCommandTests {
    static func run(_ arguments: [String]) throws -> LedgerProcess.Outcome {
        try LedgerProcess.run(arguments, in: LedgerProcess.root)
    }

    static func json(_ arguments: [String]) throws -> Any {
        let outcome = try run(arguments)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
    }

    /// DESIGN.md's table, key by key.
    @Test func reportJSONHasTheSeedFigures() throws {
        for extra in [[], ["--from-scratch"]] {
            let report = try Self.json(["report", "--json"] + extra) as! [String: Any]
            let households = report["households"] as! [String: Any], debts = report["debts"] as! [String: Any]
            let fund = report["fund"] as! [String: Any], typology = report["typology"] as! [String: Int]
            let byCategory = debts["byCategoryCents"] as! [String: Int]
            #expect(households["approached"] as? Int == 33)
            #expect(households["enrolled"] as? Int == 15)
            #expect(households["people"] as? Int == 63)
            #expect(households["adults"] as? Int == 21)
            #expect(households["minors"] as? Int == 29)
            #expect(households["adultChildren"] as? Int == 13)
            #expect(households["inventoried"] as? Int == 14)
            #expect(households["debtFree"] as? Int == 7)
            #expect(households["onlyRijksoverheidLeft"] as? Int == 4)
            #expect(debts["count"] as? Int == 370)
            #expect(debts["creditors"] as? Int == 112)
            #expect(debts["resolved"] as? Int == 273)
            #expect(debts["totalCents"] as? Int == 76_273_000)
            #expect(debts["boughtOffCents"] as? Int == 31_636_900)
            #expect(byCategory["rijksoverheid"] == 34_959_500 && byCategory["wonen"] == 13_865_200 && byCategory["zorg"] == 8_896_500)
            #expect(fund["depositedCents"] as? Int == 42_500_000)
            let paid = fund["paidCents"] as! Int, available = fund["availableCents"] as! Int
            #expect((paid + 50_000) / 100_000 == 102 && (available + 50_000) / 100_000 == 323)
            #expect(fund["committedCents"] as? Int == 0)
            #expect(Set(typology.keys) == ["Nieuwe start", "Kantelpunt", "Wankel evenwicht", "Langdurig herstel"])
            #expect(typology.values.reduce(0, +) == 15)
        }
        let text = try Self.run(["report"])
        #expect(text.stdout.contains("€ 762,730"))
        #expect(text.stdout.contains("households.json"))
    }

    @Test func anEarlierDateShowsAnEarlierState() throws {
        let now = try Self.json(["report", "--json"]) as! [String: Any]
        let then = try Self.json(["report", "--json", "--as-of", "2024-10-01"]) as! [String: Any]
        let resolvedNow = (now["debts"] as! [String: Any])["resolved"] as! Int
        let resolvedThen = (then["debts"] as! [String: Any])["resolved"] as! Int
        let paidNow = (now["fund"] as! [String: Any])["paidCents"] as! Int
        let paidThen = (then["fund"] as! [String: Any])["paidCents"] as! Int
        #expect(resolvedThen < resolvedNow && paidThen < paidNow && paidThen > 0)
        let bySeq = try Self.json(["report", "--json", "--as-of-seq", "1"]) as! [String: Any]
        #expect((bySeq["fund"] as! [String: Any])["depositedCents"] as? Int == 30_000_000)
        #expect((bySeq["households"] as! [String: Any])["approached"] as? Int == 0)
    }

    @Test func coachViews() throws {
        let households = try Self.json(["households", "--json"]) as! [[String: Any]]
        #expect(households.count == 33)
        #expect(households.allSatisfy { $0["household"] is String })
        let buyOff = try Self.json(["households", "--json", "--phase", "buy-off"]) as! [[String: Any]]
        #expect(!buyOff.isEmpty && buyOff.allSatisfy { $0["phase"] as? String == "buy-off" })
        let first = households.first { $0["phase"] as? String == "buy-off" }!["household"] as! String

        let household = try Self.run(["household", first])
        #expect(household.status == 0 && household.stdout.hasPrefix("\(first) — buy-off"))
        let detail = try Self.json(["household", first, "--json"]) as! [String: Any]
        #expect(detail["phase"] as? String == "buy-off")

        let history = try Self.run(["history", first])
        #expect(history.status == 0)
        #expect(history.stdout.contains("HouseholdApproached") && history.stdout.contains("SettlementPaid"))
        let entries = try Self.json(["history", first, "--json"]) as! [[String: Any]]
        #expect(entries.first?["type"] as? String == "HouseholdApproached")
        #expect(entries.map { $0["seq"] as! Int } == entries.map { $0["seq"] as! Int }.sorted())

        let unknown = try Self.run(["household", "HH-999"])
        #expect(unknown.status == 65 && unknown.stderr.contains("household HH-999 is not in events/immerloo.jsonl"))
        let badPhase = try Self.run(["households", "--phase", "asleep"])
        #expect(badPhase.status == 64)
    }

    @Test func programViews() throws {
        let fund = try Self.json(["fund", "--json"]) as! [String: Any]
        #expect(fund["trialBalanceSumCents"] as? Int == 0)
        #expect((fund["rows"] as? [Any])?.count ?? 0 > 160)
        let period = try Self.json(["fund", "--json", "--from", "2024-08-01", "--to", "2024-08-31"]) as! [String: Any]
        #expect(period["trialBalanceSumCents"] as? Int == 0 && (period["rows"] as? [Any])?.count == 4)
        #expect(try Self.run(["fund", "--from", "2024-09-01", "--to", "2024-08-01"]).status == 64)
        let typology = try Self.run(["typology"])
        #expect(typology.stdout.contains("Langdurig herstel") && typology.stdout.contains("self-reliant"))
        let creditors = try Self.json(["creditors", "--json"]) as! [String: Any]
        #expect(creditors.count == 112)
        #expect(try Self.run(["creditors"]).stdout.contains("Belastingdienst"))
    }

    /// One self-contained page: nothing fetched from anywhere, the figures and charts inside.
    @Test func htmlReport() throws {
        let scratch = try Scratch()
        let path = scratch.path("report.html")
        let result = try Self.run(["report", "--html", path])
        #expect(result.status == 0 && result.stdout == "wrote \(path)\n")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        for external in ["http://", "https://", "src=", "href=", "@import", "url("] {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        for tag in ["section", "svg", "table", "div"] {
            #expect(html.components(separatedBy: "<\(tag)").count == html.components(separatedBy: "</\(tag)>").count, "unbalanced <\(tag)>")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("€ 762,730") && html.contains("€ 316,369") && html.contains("Langdurig herstel"))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 1 + 33)
    }

    /// The committed projections are what the committed log replays to; an edit is caught.
    @Test func rebuildCheck() throws {
        let check = try Self.run(["rebuild", "--check"])
        #expect(check.status == 0, "\(check.stderr)")
        let scratch = try Scratch()
        let copy = scratch.path("projections")
        try FileManager.default.copyItem(atPath: LedgerProcess.root + "/projections", toPath: copy)
        let log = LedgerProcess.root + "/events/immerloo.jsonl"
        #expect(try LedgerProcess.run(["rebuild", "--check", "--log", log, "--projections", copy]).status == 0)
        let report = copy + "/report.json"
        try (try String(contentsOfFile: report, encoding: .utf8)).replacingOccurrences(of: "\"debtFree\" : 7", with: "\"debtFree\" : 8")
            .write(toFile: report, atomically: true, encoding: .utf8)
        let edited = try LedgerProcess.run(["rebuild", "--check", "--log", log, "--projections", copy])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("report.json"))
        #expect(try LedgerProcess.run(["rebuild", "--log", log, "--projections", copy]).status == 0)
        #expect(try LedgerProcess.run(["rebuild", "--check", "--log", log, "--projections", copy]).status == 0)
        let fresh = scratch.path("new-projections")
        #expect(try LedgerProcess.run(["rebuild", "--log", log, "--projections", fresh]).status == 0)
        #expect(try LedgerProcess.run(["rebuild", "--check", "--log", log, "--projections", fresh]).status == 0)
    }
}
