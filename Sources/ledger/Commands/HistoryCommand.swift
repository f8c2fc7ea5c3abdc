import LedgerCore

struct HistoryCommand: Command {
    static let name = "history"
    static let summary = "a household's timeline: every event, when it happened and when it was recorded"
    static let synopsis = "history ID [--log FILE] [--as-of DATE | --as-of-seq N] [--json]"
    static let options = [LogOptions.log,
        OptionSpec("as-of", value: "YYYY-MM-DD", "only events with effective on or before that date"),
        OptionSpec("as-of-seq", value: "N", "only events up to seq N"),
        LogOptions.json]
    static let positionalCount = 1...1

    /// Collects one household's events straight from the log.
    struct Timeline: LogFold {
        let household: [UInt8]
        var asOf: Int?
        var asOfSeq: Int64?
        var entries: [Entry] = []

        struct Entry: Encodable {
            var seq: Int64
            var effective: String
            var recordedAt: String
            var type: String
            var actor: String
            var data: String
        }

        mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {
            guard let range = event.household, line[range].elementsEqual(household) else { return }
            if let asOf, event.effective > asOf { return }
            if let asOfSeq, event.seq > asOfSeq { return }
            entries.append(Entry(seq: event.seq, effective: CalendarDate.formatDate(days: event.effective),
                                 recordedAt: CalendarDate.formatTimestamp(event.recordedAt), type: event.type.rawValue,
                                 actor: EventLine.text(line, event.actor), data: EventLine.text(line, event.data)))
        }
    }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let id = arguments.positionals[0]
        let store = try LogOptions.store(arguments, context)
        let (asOf, asOfSeq) = try ReadArguments.moment(arguments)
        let timeline = Timeline(household: Array(id.utf8), asOf: asOf, asOfSeq: asOfSeq)
        let (verification, result) = try store.verify(folding: timeline)
        if case .damaged(let damage)? = verification.problem {
            throw LedgerError(.verificationFailed, "\(store.path): \(damage); run `ledger verify` for details")
        }
        guard !result.entries.isEmpty else { throw LedgerError(.rejected, "household \(id) has no events in \(store.path)") }
        if arguments.flag("json") {
            context.print(try Display.json(result.entries))
            return
        }
        var rows = [["seq", "effective", "recorded", "type", "by", "data"]]
        for entry in result.entries {
            rows.append(["\(entry.seq)", entry.effective, entry.recordedAt, entry.type, entry.actor, entry.data])
        }
        context.print("History of \(id) — \(store.path)\n\n" + Display.table(rows))
    }
}
