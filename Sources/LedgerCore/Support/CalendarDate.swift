/// ISO 8601 dates (`YYYY-MM-DD`) and UTC timestamps (`YYYY-MM-DDTHH:MM:SSZ`), the only two time
/// forms in the log. Checked on bytes so that replay does not build strings.
public enum CalendarDate {
    /// Days since 1970-01-01 for a real proleptic-Gregorian date, or nil (e.g. 2025-02-29).
    public static func days(year: Int, month: Int, day: Int) -> Int? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The civil date of a day number (inverse of `days`).
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses `YYYY-MM-DD`; nil unless it is exactly that form and a real date.
    public static func parseDate(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count == 10, bytes[4] == dash, bytes[7] == dash,
              let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2)
        else { return nil }
        return days(year: year, month: month, day: day)
    }

    public static func parseDate(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { parseDate(UnsafeRawBufferPointer($0)) }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` to seconds since the epoch; nil unless exactly that form.
    public static func parseTimestamp(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == colon, bytes[16] == colon,
              bytes[19] == UInt8(ascii: "Z"),
              let day = parseDate(UnsafeRawBufferPointer(rebasing: bytes[0..<10])),
              let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        return Int64(day) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func parseTimestamp(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseTimestamp(UnsafeRawBufferPointer($0)) }
    }

    public static func formatDate(days: Int) -> String {
        var writer = JSONWriter(capacity: 10)
        writer.appendDate(days: days)
        return writer.text
    }

    public static func formatTimestamp(_ seconds: Int64) -> String {
        var writer = JSONWriter(capacity: 20)
        writer.appendTimestamp(seconds)
        return writer.text
    }

    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")

    private static func number(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let digit = Int(bytes[i]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
