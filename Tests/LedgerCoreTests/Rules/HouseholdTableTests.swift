import LedgerTesting
import Testing
@testable import LedgerCore

/// The write side's households, kept by their ids' keys.
struct HouseholdTableTests {
    @Test func findsChangesAndListsHouseholdsByTheirIds() {
        var table = HouseholdTable()
        let ids = ["HH-001", "HH-0001", "HH-1234567", "HH-999"]
        let added = ids.map { table.insert(key: PseudonymKey.household($0)!, HouseholdRecord()) }
        let addedAgain = table.insert(key: PseudonymKey.household("HH-0001")!, HouseholdRecord())
        #expect(added == [true, true, true, true] && !addedAgain, "a household is added once")
        table.update(key: PseudonymKey.household("HH-0001")!) { $0.enrolled = true; $0.debts.append("HH-0001/D-001") }
        #expect(table.count == 4)
        #expect(table["HH-0001"]?.enrolled == true && table["HH-0001"]?.debts == ["HH-0001/D-001"])
        #expect(table["HH-001"]?.enrolled == false, "HH-001 and HH-0001 are different households")
        #expect(table["HH-002"] == nil && table["coach-01"] == nil && table["HH-01"] == nil)
        #expect(table.map(\.id) == ids, "in the order they were added")
    }

    @Test func tablesWithTheSameHouseholdsAreEqualInAnyOrder() {
        let keys = (1...300).map { PseudonymKey.household("HH-\(1000 + $0)")! }
        var forwards = HouseholdTable(), backwards = HouseholdTable()
        for key in keys { _ = forwards.insert(key: key, HouseholdRecord()) }
        for key in keys.reversed() { _ = backwards.insert(key: key, HouseholdRecord()) }
        #expect(forwards == backwards)
        backwards.update(key: keys[17]) { $0.answer = .yes }
        #expect(forwards != backwards)
        var fewer = HouseholdTable()
        for key in keys.dropLast() { _ = fewer.insert(key: key, HouseholdRecord()) }
        #expect(forwards != fewer && fewer != forwards)
    }
}
