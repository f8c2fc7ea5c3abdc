import LedgerTesting
import Testing
@testable import LedgerCore

/// The projections of a small log whose right answers are worked out by hand below.
struct ProjectionTests {
    typealias W = World

    /// Three households. HH-001: enrolled, three debts, a pause with costs under it, one debt
    /// bought off (after a balance check on another), one offer rejected, one debt waived.
    /// HH-002: said no. HH-003: enrolled, typed by its coach, its one debt paid off, dropped out,
    /// then reported new debts (a relapse).
    static let events: [PendingEvent] = [
        W.event(.fundDeposited, household: nil, on: "2024-04-01", actor: "program-01", ["fund": "afkoopfonds", "amountCents": 1_000_000, "source": "gemeente"]),
        W.event(.householdApproached, on: "2024-04-02", ["channel": "letter"]),
        W.event(.householdResponded, on: "2024-04-03", ["answer": "yes"]),
        W.event(.householdEnrolled, on: "2024-04-04", ["adults": 2, "minors": 1, "adultChildren": 1, "coach": "coach-01", "intensity": "intensive"]),
        W.event(.circumstancesAssessed, on: "2024-04-04", ["causes": ["structurallyLowIncome"], "problemAreas": ["financial", "health", "family"], "priorHelp": ["none"]]),
        W.event(.debtRegistered, on: "2024-04-05", ["debt": "HH-001/D-001", "creditor": "CJIB", "category": "rijksoverheid", "originalCents": 90_000, "currentCents": 100_000, "preferential": true]),
        W.event(.debtRegistered, on: "2024-04-05", ["debt": "HH-001/D-002", "creditor": "Menzis", "category": "zorg", "originalCents": 50_000, "currentCents": 50_000, "preferential": false]),
        W.event(.debtRegistered, on: "2024-04-06", ["debt": "HH-001/D-003", "creditor": "Vivare", "category": "wonen", "originalCents": 200_000, "currentCents": 200_000, "preferential": false]),
        W.event(.pauseInvoked, on: "2024-04-10", ["pause": "HH-001/P-1", "debts": ["HH-001/D-002", "HH-001/D-003"], "from": "2024-04-10", "until": "2024-10-10"]),
        W.event(.costsAdded, on: "2024-04-20", ["debt": "HH-001/D-003", "amountCents": 5_000, "kind": "collectionCosts"]),
        W.event(.balanceRequested, on: "2024-05-01", ["debt": "HH-001/D-001"]),
        W.event(.balanceConfirmed, on: "2024-05-21", ["debt": "HH-001/D-001", "currentCents": 110_000]),
        W.event(.inventoryCompleted, on: "2024-05-25", ["debtCount": 3, "totalCents": 365_000]),
        W.event(.offerSent, on: "2024-06-01", ["offer": "HH-001/O-001", "debt": "HH-001/D-003", "amountCents": 80_000, "expiresOn": "2024-07-01"]),
        W.event(.offerSent, on: "2024-06-02", ["offer": "HH-001/O-002", "debt": "HH-001/D-002", "amountCents": 10_000, "expiresOn": "2024-07-01"]),
        W.event(.offerRejected, on: "2024-06-05", ["offer": "HH-001/O-002", "reason": "te laag"]),
        W.event(.offerAccepted, on: "2024-06-11", ["offer": "HH-001/O-001"]),
        W.event(.settlementPaid, on: "2024-06-15", actor: "program-01", ["offer": "HH-001/O-001", "fund": "afkoopfonds", "amountCents": 80_000, "paymentRef": "PAY-1"]),
        W.event(.debtResolved, on: "2024-06-20", ["debt": "HH-001/D-002", "how": "waived"]),
        W.event(.householdApproached, household: "HH-002", on: "2024-04-05", ["channel": "doorToDoor"]),
        W.event(.householdResponded, household: "HH-002", on: "2024-04-06", ["answer": "no"]),
        W.event(.householdApproached, household: "HH-003", on: "2024-04-06", ["channel": "referral"]),
        W.event(.householdResponded, household: "HH-003", on: "2024-04-07", ["answer": "yes"]),
        W.event(.householdEnrolled, household: "HH-003", on: "2024-04-08", ["adults": 1, "minors": 0, "adultChildren": 0, "coach": "coach-02", "intensity": "minimal"]),
        W.event(.typologyAssessed, household: "HH-003", on: "2024-04-09", ["selfReliance": "selfReliant", "multiproblem": "light"]),
        W.event(.debtRegistered, household: "HH-003", on: "2024-04-10", ["debt": "HH-003/D-001", "creditor": "KPN", "category": "telecom", "originalCents": 30_000, "currentCents": 30_000, "preferential": false]),
        W.event(.inventoryCompleted, household: "HH-003", on: "2024-04-15", ["debtCount": 1, "totalCents": 30_000]),
        W.event(.debtResolved, household: "HH-003", on: "2024-05-01", ["debt": "HH-003/D-001", "how": "paidOff"]),
        W.event(.householdExited, household: "HH-003", on: "2024-07-01", ["reason": "droppedOut"]),
        W.event(.developmentRecorded, household: "HH-003", on: "2024-08-01", ["area": "newDebts", "direction": "worsened"]),
    ]

    static func log() throws -> LogStore {
        let store = LogStore(path: Fixtures.scratchPath(), clock: Fixtures.clock)
        try store.create()
        _ = try Ledger(store: store).append(events)
        return store
    }

    static func read(_ options: ReadOptions = ReadOptions()) throws -> ReadResult {
        try ReadModel.load(try log(), options)
    }

    static func projection(_ options: ReadOptions = ReadOptions()) throws -> ProgramProjection {
        try read(options).projection
    }

    @Test func householdStatus() throws {
        let p = try Self.projection()
        let h = try #require(p.households["HH-001"])
        #expect(h.phase == .buyOff)
        #expect(h.people == 4 && h.coach == "coach-01" && h.intensity == "intensive")
        #expect(h.debts["HH-001/D-001"]?.currentCents == 110_000 && h.debts["HH-001/D-001"]?.state == "confirmed")
        #expect(h.debts["HH-001/D-003"]?.resolution == "boughtOff" && h.debts["HH-001/D-003"]?.paidCents == 80_000)
        #expect(h.debts["HH-001/D-003"]?.currentCents == 205_000 && h.debts["HH-001/D-003"]?.costsDuringPauseCents == 5_000)
        #expect(h.debts["HH-001/D-002"]?.resolution == "waived")
        #expect(h.openDebts.map(\.id) == ["HH-001/D-001"])
        #expect(h.onlyRijksoverheidLeft && !h.isDebtFree)
        #expect(h.fundSpentCents == 80_000)
        #expect(h.offers["HH-001/O-002"]?.status == "rejected")
        #expect(h.pauses["HH-001/P-1"]?.covers(CalendarDate.parseDate("2024-10-09")!) == true)
        #expect(h.pauses["HH-001/P-1"]?.covers(CalendarDate.parseDate("2024-10-10")!) == false)
        #expect(p.households["HH-002"]?.phase == .declined)
        let dropped = try #require(p.households["HH-003"])
        #expect(dropped.phase == .exited && dropped.isDebtFree && dropped.relapsed)
    }

    @Test func fundAsDoubleEntry() throws {
        let fund = try Self.projection().fund
        #expect(fund.depositedCents == 1_000_000 && fund.paidCents == 80_000 && fund.committedCents == 0 && fund.availableCents == 920_000)
        #expect(fund.trialBalance.reduce(0) { $0 + $1.cents } == 0)
        #expect(fund.movements.map(\.kind) == [.deposit, .commitment, .payment])
        #expect(fund.movements.last?.offer == "HH-001/O-001" && fund.movements.last?.debt == "HH-001/D-003" && fund.movements.last?.paymentRef == "PAY-1")
    }

    @Test func fundStatementOverAPeriod() throws {
        let fund = try Self.projection().fund
        let june = FundStatement(fund, from: CalendarDate.parseDate("2024-06-12")!, to: CalendarDate.parseDate("2024-06-30")!)
        #expect(june.opening.depositedCents == 1_000_000 && june.opening.committedCents == 80_000 && june.opening.availableCents == 920_000)
        #expect(june.rows.map(\.movement.kind) == [.payment])
        #expect(june.rows[0].movement.seq == 18 && june.rows[0].acceptedAtSeq == 17 && june.rows[0].movement.debt == "HH-001/D-003")
        #expect(june.closing.paidCents == 80_000 && june.closing.committedCents == 0 && june.closingAvailableCents == 920_000)
        #expect(june.trialBalanceSumCents == 0)
        let april = FundStatement(fund, to: CalendarDate.parseDate("2024-04-30")!)
        #expect(april.rows.map(\.movement.kind) == [.deposit] && april.closing.paidCents == 0)
        let all = FundStatement(fund)
        #expect(all.rows.count == fund.movements.count && all.closing.availableCents == fund.availableCents)
    }

    @Test func creditors() throws {
        let rows = CreditorRow.rows(try Self.projection())
        #expect(rows.keys.sorted() == ["CJIB", "KPN", "Menzis", "Vivare"])
        #expect(rows["CJIB"]?.averageResponseDays == 20 && rows["CJIB"]?.openCents == 110_000)
        #expect(rows["Vivare"]?.averageDaysToAcceptance == 10 && rows["Vivare"]?.stats.costsDuringPauseCents == 5_000)
        #expect(rows["Menzis"]?.stats.offersSent == 1 && rows["Menzis"]?.stats.offersRejected == 1 && rows["Menzis"]?.resolved == 1)
    }

    @Test func typologyByRuleAndByCoach() throws {
        let p = try Self.projection()
        let ruled = Typology.classify(p.households["HH-001"]!)
        #expect(ruled.quadrant == "Langdurig herstel" && ruled.source == "typology-v1")
        #expect(ruled.reasons.contains("cause structurallyLowIncome: vulnerable"))
        #expect(ruled.reasons.contains("2 problem areas besides money (health, family)"))
        let coached = Typology.classify(p.households["HH-003"]!)
        #expect(coached.quadrant == "Nieuwe start" && coached.source == "coach")
    }

    @Test func programReport() throws {
        let report = try Self.read().report
        let h = report.households
        #expect(h.approached == 3 && h.answers == ["yes": 2, "maybe": 0, "no": 1] && h.enrolled == 2)
        #expect(h.people == 5 && h.adults == 3 && h.minors == 1 && h.adultChildren == 1)
        #expect(h.inventoried == 2 && h.debtFree == 1 && h.onlyRijksoverheidLeft == 1)
        #expect(h.exited == 1 && h.droppedOut == 1 && h.dropoutPercent == 50 && h.relapsed == 1 && h.relapsePercent == 100)
        let d = report.debts
        #expect(d.count == 4 && d.creditors == 4 && d.resolved == 3)
        #expect(d.totalCents == 395_000 && d.boughtOffCents == 205_000 && d.averagePerHouseholdCents == 197_500)
        #expect(d.byCategoryCents["rijksoverheid"] == 110_000 && d.byCategoryCents["wonen"] == 205_000 && d.byCategoryCents["telecom"] == 30_000)
        #expect(d.costsDuringPauseCents == 5_000)
        #expect(report.fund.leverage == 2.56 && report.fund.availableCents == 920_000)
        #expect(report.typology == ["Nieuwe start": 1, "Kantelpunt": 0, "Wankel evenwicht": 0, "Langdurig herstel": 1])
        #expect(report.circumstances.priorHelpNoneKnownPercent == 100)
    }

    @Test func asOfADateAndASeq() throws {
        let before = try Self.projection(ReadOptions(asOf: CalendarDate.parseDate("2024-06-12")!))
        #expect(before.fund.committedCents == 80_000 && before.fund.paidCents == 0)
        #expect(before.households["HH-001"]?.debts["HH-001/D-003"]?.state == "accepted")
        #expect(before.households["HH-003"]?.exitedOn == nil)
        let early = try Self.read(ReadOptions(asOfSeq: 4))
        #expect(early.projection.seq == 4 && early.projection.households.count == 1 && early.projection.households["HH-001"]?.isEnrolled == true)
        #expect(early.report.households.enrolled == 1)
    }
}
