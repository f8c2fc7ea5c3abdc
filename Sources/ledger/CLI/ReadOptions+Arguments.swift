import LedgerCore

/// The options every read command shares: which log, which moment, whether to trust a checkpoint.
enum ReadArguments {
    static let options = [
        LogOptions.log,
        OptionSpec("as-of", value: "YYYY-MM-DD", "show the state on that business date (events with effective on or before it)"),
        OptionSpec("as-of-seq", value: "N", "show the log as it stood after event N"),
        OptionSpec("from-scratch", "replay the whole log; ignore the checkpoint in projections/"),
        OptionSpec("projections", value: "DIR", "the checkpoint directory to catch up from (default: projections/ for the committed demo log)"),
        LogOptions.json,
    ]

    /// The read the options ask for; `household` when the command shows only that one.
    static func load(_ arguments: Arguments, _ context: Context, household: String? = nil) throws(LedgerError) -> (ReadResult, LogStore) {
        let store = try LogOptions.store(arguments, context)
        let (asOf, asOfSeq) = try moment(arguments)
        var options = ReadOptions(asOf: asOf, asOfSeq: asOfSeq, fromScratch: arguments.flag("from-scratch"))
        options.household = household
        options.projections = arguments.value("projections") ?? (store.path == LogOptions.defaultLog ? "projections" : nil)
        let result = try ReadModel.load(store, options)
        if let warning = result.warning { printError("warning: \(warning)") }
        return (result, store)
    }

    /// The moment `--as-of` and `--as-of-seq` ask for: a business date, a seq, or neither.
    static func moment(_ arguments: Arguments) throws(LedgerError) -> (asOf: Int?, asOfSeq: Int64?) {
        var moment: (asOf: Int?, asOfSeq: Int64?) = (nil, nil)
        if let text = arguments.value("as-of") {
            guard let day = CalendarDate.parseDate(text) else { throw arguments.usageError("--as-of \(text) is not a real YYYY-MM-DD date") }
            moment.asOf = day
        }
        if let text = arguments.value("as-of-seq") {
            guard let seq = Int64(text), seq >= 0 else { throw arguments.usageError("--as-of-seq \(text) is not a seq") }
            moment.asOfSeq = seq
        }
        return moment
    }

    /// "seq 2345, effective up to 2025-04-30" and what was asked for.
    static func moment(_ result: ReadResult, _ arguments: Arguments) -> String {
        var parts = ["seq \(result.model.seq)"]
        if result.model.lastEffective > 0 { parts.append("effective up to \(CalendarDate.formatDate(days: result.model.lastEffective))") }
        if let asOf = arguments.value("as-of") { parts.append("as of \(asOf)") }
        if let seq = arguments.value("as-of-seq") { parts.append("as of seq \(seq)") }
        return parts.joined(separator: ", ")
    }
}

/// How amounts read on a terminal: € 1,234.56, or € 762,730 when there are no cents.
enum Display {
    static func euros(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let whole = String(cents.magnitude / 100)
        var grouped = ""
        for (index, digit) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let rest = cents.magnitude % 100
        return "\(sign)€ \(String(grouped.reversed()))" + (rest == 0 ? "" : ".\(rest < 10 ? "0" : "")\(rest)")
    }

    static func date(_ day: Int?) -> String { day.map { CalendarDate.formatDate(days: $0) } ?? "-" }

    /// Left-aligned columns, two spaces apart. Widths count characters, as a terminal shows
    /// them ("€" is one); each cell is counted once (a million households' rows took 20 s when
    /// padding and trimming walked every line character by character).
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let counts = rows.map { $0.map(\.count) }
        let widths = (0..<first.count).map { column in counts.lazy.map { $0[column] }.max() ?? 0 }
        var text = ""
        for (row, cells) in rows.enumerated() {
            if row > 0 { text += "\n" }
            var line = ""
            for (column, cell) in cells.enumerated() {
                if column > 0 { line += "  " }
                line += cell
                if column < cells.count - 1 { line += String(repeating: " ", count: widths[column] - counts[row][column]) }
            }
            text += line.trimmingTrailingSpaces
        }
        return text
    }

    /// Encodes a read model as the command's `--json` output.
    static func json<T: Encodable>(_ value: T) throws(LedgerError) -> String {
        String(decoding: try ProjectionFiles.encode(value).dropLast(), as: UTF8.self)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        let bytes = utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        return end == bytes.endIndex ? self : String(decoding: bytes[..<end], as: UTF8.self)
    }
}
