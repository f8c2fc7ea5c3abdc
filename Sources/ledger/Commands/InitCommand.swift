import LedgerCore

struct InitCommand: Command {
    static let name = "init"
    static let summary = "create a new, empty log (never overwrites one)"
    static let synopsis = "init --log FILE"
    static let discussion = "Exits 65 when FILE already exists."
    static let options = [LogOptions.log]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        guard let path = arguments.value("log") ?? Context.environment("LEDGER_LOG") else {
            throw arguments.usageError("init needs --log FILE (or $LEDGER_LOG)")
        }
        try LogStore(path: path, clock: context.clock).create()
        context.print("created empty log \(path)")
    }
}
