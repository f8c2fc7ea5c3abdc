import LedgerCore

struct ExportCommand: Command {
    static let name = "export"
    static let summary = "every event and a table per projection, as CSV or JSONL, pseudonymised on request"
    static let synopsis = "export --format csv|jsonl --out DIR [--pseudonymize KEY] [--log FILE]"
    static let discussion = """
        Writes events.* (one row per event: the envelope and data as JSON) and households.*,
        debts.*, offers.*, pauses.*, payments.*, fund.*, creditors.* into DIR (created if
        missing; files of the same names are replaced). --pseudonymize KEY replaces every
        household, debt, offer, pause, coach and actor id (and keys and payment references built
        from them) with an HMAC-SHA256 of it under KEY: consistent within one export, different
        under another key, so exports join with each other but not back to people. The README
        lists every column and shows DuckDB and pandas reading them.
        """
    static let options = [
        OptionSpec("format", value: "csv|jsonl", "the file format"),
        OptionSpec("out", value: "DIR", "the directory to write into"),
        OptionSpec("pseudonymize", value: "KEY", "replace ids with keyed hashes (keep the key secret)"),
        LogOptions.log,
    ]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        guard let text = arguments.value("format"), let format = TableWriter.Format(rawValue: text) else {
            throw arguments.usageError("--format must be csv or jsonl")
        }
        guard let out = arguments.value("out") else { throw arguments.usageError("--out DIR is required") }
        let key = arguments.value("pseudonymize")
        if let key, key.utf8.count < 16 { throw arguments.usageError("--pseudonymize KEY must be at least 16 characters, or a guessing attack gets the ids back") }
        let store = try LogOptions.store(arguments, context)
        let (counts, warning) = try Export.run(store, to: out, format: format, pseudonymizer: Pseudonymizer(key: key))
        if let warning { printError("warning: \(warning)") }
        context.print("exported \(store.path) to \(out)\(key == nil ? "" : " (pseudonymised)"):")
        context.print(Display.table(counts.map { ["  \($0.0)", "\($0.1) rows"] }))
    }
}
