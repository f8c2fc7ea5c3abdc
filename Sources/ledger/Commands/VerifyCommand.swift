import LedgerCore

struct VerifyCommand: Command {
    static let name = "verify"
    static let summary = "check every line, the seq order, the hash chain and every rule; print the Merkle root"
    static let synopsis = "verify [--log FILE] [--chain-only] [--wait SECONDS] [--json]"
    static let discussion = """
        Checks that every line is a canonical event, seq runs 1, 2, 3... without gaps, every
        prev is the previous event's hash, and the last batch is whole, and computes the RFC 6962
        Merkle root over the events (one SHA-256 per event serves chain and tree); then replays every event
        through the catalogue and the business rules, as the ledger would have checked it when
        it was written. --chain-only checks the chain alone: each line's envelope (seq, batch,
        type, dates, ids, prev) is parsed and hashed, its data only located; the replay is what
        parses data. Exit 0 and prints the event count and
        head hash; otherwise exit 1 and names the first bad seq and why (or the torn tail a
        crash left, which `ledger repair` moves aside).
        """
    static let options = [
        LogOptions.log, OptionSpec("chain-only", "check seq, chain, batches and the Merkle root only; skip parsing data and the rules"),
        LogOptions.wait, LogOptions.json,
    ]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let store = try LogOptions.store(arguments, context)
        let result = arguments.flag("chain-only") ? try store.verify(folding: ChainFold()).0 : try Ledger(store: store).verify().0
        let verified = result.verified
        if arguments.flag("json") {
            var report = JSONObject([
                .init("ok", .bool(result.problem == nil)), .init("events", .integer(verified.seq)),
                .init("head", .string(verified.head.hex)),
            ])
            if let root = result.root { report.members.append(.init("merkleRoot", .string(root.base64))) }
            if let problem = result.problem {
                report.members.append(.init("problem", .string(problem.description)))
            }
            context.print(report.line)
        } else {
            let span = verified.seq == 0 ? "" : verified.seq == 1 ? " (seq 1)" : " (seq 1–\(verified.seq))"
            let prefix = result.problem == nil ? "ok: " : "verified before the problem: "
            context.print("\(prefix)\(verified.seq) event\(verified.seq == 1 ? "" : "s")\(span)")
            context.print("head \(verified.head)")
            if let root = result.root { context.print("merkle root \(root.base64) (RFC 6962, as in `ledger checkpoint`)") }
        }
        if let problem = result.problem {
            throw LedgerError(.verificationFailed, "\(store.path): \(problem)")
        }
    }
}
