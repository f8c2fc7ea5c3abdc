import LedgerCore

struct RepairCommand: Command {
    static let name = "repair"
    static let summary = "move a torn tail (left by a crash) to FILE.quarantine"
    static let synopsis = "repair [--log FILE] [--wait SECONDS] [--json]"
    static let discussion = """
        A crash during an append can leave a torn tail: a last line without a newline, an
        unparseable last line, or a batch with fewer events than its marker announced. repair
        appends those bytes, under a header saying where they came from, to FILE.quarantine
        and cuts the log back to its last complete batch. It never deletes bytes, and it
        refuses (exit 1) to touch any other damage, such as a changed line in the middle.
        """
    static let options = [LogOptions.log, LogOptions.wait, LogOptions.json]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let store = try LogOptions.store(arguments, context)
        let repair = try store.repair()
        if arguments.flag("json") {
            var report = JSONObject([
                .init("movedBytes", .integer(repair.moved?.length ?? 0)), .init("events", .integer(repair.end.seq)),
                .init("head", .string(repair.end.head.hex)),
            ])
            if let moved = repair.moved {
                report.members += [
                    .init("fromOffset", .integer(moved.offset)), .init("reason", .string(moved.reason)),
                    .init("quarantine", .string(store.quarantinePath)),
                ]
            }
            context.print(report.line)
        } else if let moved = repair.moved {
            context.print("moved \(moved.length) bytes from offset \(moved.offset) to \(store.quarantinePath) (\(moved.reason))")
            context.print("the log now ends at seq \(repair.end.seq); head \(repair.end.head)")
        } else {
            context.print("nothing to repair: the log ends cleanly at seq \(repair.end.seq); head \(repair.end.head)")
        }
    }
}
