import LedgerTesting
import Testing
@testable import LedgerCore

struct DemoTests {
    /// The committed demo log is exactly what the generator writes.
    @Test func regeneratingTheDemoGivesTheCommittedLogByteForByte() throws {
        let path = Fixtures.scratchPath("immerloo.jsonl")
        try DemoProgram.write(DemoProgram.immerloo(), to: path)
        let committed = Fixtures.read(CatalogueDocumentationTests.root + "/events/immerloo.jsonl")
        #expect(!committed.isEmpty)
        #expect(Fixtures.read(path) == committed)
    }

    @Test func theDemoReproducesTheSeedFigures() throws {
        let path = Fixtures.scratchPath("immerloo.jsonl")
        try DemoProgram.write(DemoProgram.immerloo(), to: path)
        let report = try ReadModel.load(LogStore(path: path), ReadOptions()).report
        let h = report.households, d = report.debts, f = report.fund
        #expect(h.approached == 33 && h.enrolled == 15 && h.people == 63 && h.adults == 21 && h.minors == 29 && h.adultChildren == 13)
        #expect(h.intensity["intensive"]! * 2 > h.enrolled, "more than half intensive")
        #expect(h.inventoried == 14 && h.debtFree == 7 && h.onlyRijksoverheidLeft == 4)
        #expect(report.circumstances.priorHelpNoneKnownPercent == 46)
        #expect(d.count == 370 && d.creditors == 112 && d.resolved == 273)
        #expect(d.totalCents == 76_273_000 && d.boughtOffCents == 31_636_900)
        #expect(d.byCategoryCents["rijksoverheid"] == 34_959_500 && d.byCategoryCents["wonen"] == 13_865_200 && d.byCategoryCents["zorg"] == 8_896_500)
        #expect((d.averagePerHouseholdCents + 50) / 100 == 54_481)
        #expect(f.depositedCents == 42_500_000 && (f.paidCents + 50_000) / 100_000 == 102 && (f.availableCents + 50_000) / 100_000 == 323)
        #expect((f.leverage * 10).rounded() == 31)
        #expect(report.typology.values.reduce(0, +) == 15)
    }

    @Test func syntheticProgramsAreDeterministicAndPassTheRules() throws {
        let a = Fixtures.scratchPath(), b = Fixtures.scratchPath()
        try DemoProgram.write(DemoProgram.synthetic(households: 60, seed: 7), to: a)
        try DemoProgram.write(DemoProgram.synthetic(households: 60, seed: 7), to: b, batchDays: 1)
        #expect(Fixtures.read(a) == Fixtures.read(b))
        let (verification, state) = try Ledger(store: LogStore(path: a)).verify()
        #expect(verification.problem == nil)
        #expect(state.households.count == 60)
        #expect(verification.verified.seq > 60 * 20)
        let other = Fixtures.scratchPath()
        try DemoProgram.write(DemoProgram.synthetic(households: 60, seed: 8), to: other)
        #expect(Fixtures.read(other) != Fixtures.read(a))
    }
}
