import LedgerTesting
import Testing
@testable import LedgerCore

struct CalendarDateTests {
    @Test func realDatesOnly() {
        #expect(CalendarDate.parseDate("2024-02-29") != nil)
        #expect(CalendarDate.parseDate("2025-02-29") == nil)
        #expect(CalendarDate.parseDate("1900-02-29") == nil)
        #expect(CalendarDate.parseDate("2000-02-29") != nil)
        #expect(CalendarDate.parseDate("2024-04-31") == nil)
        #expect(CalendarDate.parseDate("2024-13-01") == nil)
        #expect(CalendarDate.parseDate("2024-4-01") == nil)
        #expect(CalendarDate.parseDate("2024-04-01 ") == nil)
        #expect(CalendarDate.parseDate("1970-01-01") == 0)
        #expect(CalendarDate.parseDate("2024-04-01") == 19814)
    }

    @Test func daysRoundTripOverFourCenturies() {
        for day in stride(from: -200_000, through: 200_000, by: 17) {
            let text = CalendarDate.formatDate(days: day)
            if text.hasPrefix("0") && CalendarDate.civil(days: day).year < 1 { continue }
            #expect(CalendarDate.parseDate(text) == day, "\(text)")
        }
    }

    @Test func timestamps() {
        #expect(CalendarDate.formatTimestamp(0) == "1970-01-01T00:00:00Z")
        #expect(CalendarDate.formatTimestamp(1_732_420_800) == "2024-11-24T04:00:00Z")
        #expect(CalendarDate.parseTimestamp("2024-11-24T04:00:00Z") == 1_732_420_800)
        #expect(CalendarDate.parseTimestamp("2024-11-24T24:00:00Z") == nil)
        #expect(CalendarDate.parseTimestamp("2024-11-24T04:00:00+01:00") == nil)
        #expect(CalendarDate.parseTimestamp("2024-11-24 04:00:00Z") == nil)
    }
}
