/// `ledger export`: every event, and a table per projection, as CSV or JSONL for a data team's
/// own tools. Columns are documented in the README; ids are pseudonymised with a key on request.
public enum Export {
    public static let tables: [(name: String, columns: [String])] = [
        ("households", ["household", "phase", "approachedOn", "channel", "answer", "enrolledOn", "adults", "minors", "adultChildren", "coach",
                        "intensity", "inventoryCompletedOn", "debts", "openDebts", "remainingCents", "fundSpentCents", "exitedOn", "exitReason",
                        "typology", "typologySource"]),
        ("debts", ["debt", "household", "creditor", "category", "originalCents", "currentCents", "preferential", "lateClaim", "registeredOn",
                   "state", "resolution", "resolvedOn", "paidCents", "costsCents", "costsDuringPauseCents"]),
        ("offers", ["offer", "household", "debt", "amountCents", "sentOn", "expiresOn", "status", "decidedOn"]),
        ("pauses", ["pause", "household", "from", "until", "liftedOn", "debts"]),
        ("payments", ["seq", "on", "kind", "household", "offer", "debt", "amountCents", "paymentRef"]),
        ("fund", ["seq", "on", "kind", "amountCents", "household", "offer", "debt", "paymentRef"]),
        ("creditors", ["creditor", "debts", "totalCents", "openCents", "resolved", "households", "balanceRequests", "balanceAnswers",
                       "averageResponseDays", "offersSent", "offersAccepted", "offersRejected", "averageDaysToAcceptance", "costsCents",
                       "costsDuringPauseCents"]),
    ]

    /// The event columns; a pseudonymised export leaves out `prev`, since hashes of the original
    /// lines would let anyone test guesses of the original ids.
    public static func eventColumns(pseudonymized: Bool) -> [String] {
        ["seq", "batch", "type", "v", "recordedAt", "effective", "actor", "key", "household", "data"] + (pseudonymized ? [] : ["prev"])
    }

    /// Writes every file into `directory` (created if missing) and returns each file's row count,
    /// and the warning of a torn tail left out.
    public static func run(_ store: LogStore, to directory: String, format: TableWriter.Format, pseudonymizer p: Pseudonymizer) throws(LedgerError) -> (files: [(String, Int)], warning: String?) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw LedgerError(.ioError, "cannot create \(directory)", cause: SystemError("mkdir", errno: errno))
        }
        func path(_ name: String) -> String { "\(directory)/\(name).\(format.rawValue)" }
        var counts: [(String, Int)] = []

        // The tables' read fixes the position; the events are then streamed up to exactly there,
        // so every file describes the same log (however it grows meanwhile), and a million events
        // never sit in memory at once.
        let read = try ReadModel.load(store, ReadOptions(fromScratch: true))
        let projection = read.projection
        let events = try TableWriter(path: path("events"), format: format, columns: eventColumns(pseudonymized: p.isActive))
        let written = try store.fold(EventRows(writer: events, pseudonymizer: p), upTo: read.position)
        if let error = written.failure { throw error }
        try events.finish()
        counts.append(("events.\(format.rawValue)", events.rows))

        let households = projection.households.values.sorted { $0.id < $1.id }
        func write(_ name: String, _ rows: [[TableWriter.Cell]]) throws(LedgerError) {
            let columns = tables.first { $0.name == name }!.columns
            let writer = try TableWriter(path: path(name), format: format, columns: columns)
            for row in rows { try writer.row(row) }
            try writer.finish()
            counts.append(("\(name).\(format.rawValue)", writer.rows))
        }
        func day(_ value: Int?) -> TableWriter.Cell { .text(value.map(CalendarDate.formatDate)) }

        try write("households", households.map { h in
            let open = h.openDebts
            let typology = h.isEnrolled ? Typology.classify(h) : nil
            return [.text(p.id(h.id)), .text(h.phase.rawValue), day(h.approachedOn), .text(h.channel), .text(h.answer), day(h.enrolledOn),
                    .integer(h.adults), .integer(h.minors), .integer(h.adultChildren), .text(p.id(h.coach)), .text(h.intensity),
                    day(h.inventoryCompletedOn), .integer(Int64(h.debts.count)), .integer(Int64(open.count)),
                    .integer(open.reduce(0) { $0 + $1.currentCents }), .integer(h.fundSpentCents), day(h.exitedOn), .text(h.exitReason),
                    .text(typology?.quadrant), .text(typology?.source)]
        })
        try write("debts", households.flatMap { h in h.debts.values.sorted { $0.id < $1.id }.map { d in
            [.text(p.id(d.id)), .text(p.id(h.id)), .text(d.creditor), .text(d.category), .integer(d.originalCents), .integer(d.currentCents),
             .bool(d.preferential), .bool(d.lateClaim), day(d.registeredOn), .text(d.state), .text(d.resolution), day(d.resolvedOn),
             .integer(d.paidCents), .integer(d.costsCents), .integer(d.costsDuringPauseCents)]
        } })
        try write("offers", households.flatMap { h in h.offers.sorted { $0.key < $1.key }.map { id, o in
            [.text(p.id(id)), .text(p.id(h.id)), .text(p.id(o.debt)), .integer(o.amountCents), day(o.sentOn), day(o.expiresOn), .text(o.status), day(o.decidedOn)]
        } })
        try write("pauses", households.flatMap { h in h.pauses.sorted { $0.key < $1.key }.map { id, pause in
            [.text(p.id(id)), .text(p.id(h.id)), day(pause.from), day(pause.until), day(pause.liftedOn), .text(pause.debts.map { p.id($0) }.joined(separator: ";"))]
        } })
        let movements = projection.fund.movements
        try write("payments", movements.filter { $0.kind == .payment || $0.kind == .reversal }.map { m in
            [.integer(m.seq), day(m.on), .text(m.kind.rawValue), .text(p.id(m.household)), .text(p.id(m.offer)), .text(p.id(m.debt)),
             .integer(m.amountCents), .text(m.paymentRef.map { p.isActive ? p.id($0) : $0 })]
        })
        try write("fund", movements.map { m in
            [.integer(m.seq), day(m.on), .text(m.kind.rawValue), .integer(m.amountCents), .text(p.id(m.household)), .text(p.id(m.offer)),
             .text(p.id(m.debt)), .text(m.paymentRef.map { p.isActive ? p.id($0) : $0 })]
        })
        try write("creditors", CreditorRow.rows(projection).sorted { $0.key < $1.key }.map { name, row in
            let s = row.stats
            return [.text(name), .integer(Int64(row.debts)), .integer(row.totalCents), .integer(row.openCents), .integer(Int64(row.resolved)),
                    .integer(Int64(row.households)), .integer(Int64(s.balanceRequests)), .integer(Int64(s.balanceAnswers)),
                    .integer(row.averageResponseDays.map(Int64.init)), .integer(Int64(s.offersSent)), .integer(Int64(s.offersAccepted)),
                    .integer(Int64(s.offersRejected)), .integer(row.averageDaysToAcceptance.map(Int64.init)), .integer(s.costsCents),
                    .integer(s.costsDuringPauseCents)]
        })
        return (counts, read.warning)
    }

    /// One row per verified event.
    struct EventRows: LogFold {
        let writer: TableWriter
        let pseudonymizer: Pseudonymizer
        var failure: LedgerError?

        mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {
            let p = pseudonymizer
            var data = EventLine.text(line, event.data)
            if p.isActive, case .object(let object)? = try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[event.data]), canonical: true) {
                var w = JSONWriter()
                w.write(p.data(object))
                data = w.text
            }
            let key = event.key.map { EventLine.text(line, $0) }
            var cells: [TableWriter.Cell] = [
                .integer(event.seq), .integer(event.batch), .text(event.type.rawValue), .integer(event.version),
                .text(CalendarDate.formatTimestamp(event.recordedAt)), .text(CalendarDate.formatDate(days: event.effective)),
                .text(p.id(EventLine.text(line, event.actor))), .text(p.isActive ? key.map { p.id($0) } : key),
                .text(p.id(event.household.map { EventLine.text(line, $0) })), .json(data),
            ]
            if !p.isActive { cells.append(.text(event.prev.hex)) }
            do { try writer.row(cells) } catch {
                failure = error
                throw FoldError("\(error)")
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
