import LedgerCore

struct RebuildCommand: Command {
    static let name = "rebuild"
    static let summary = "regenerate projections/ from the log (or --check that it is current)"
    static let synopsis = "rebuild [--check] [--log FILE] [--projections DIR]"
    static let discussion = """
        Replays the whole log and writes every projection file and checkpoint.json (the seq and
        head hash they stand at, the rule versions, and the SHA-256 of each file). The same log
        always gives the same bytes. --check writes nothing and exits 1 when a file is missing,
        stale, or was edited by hand.
        """
    static let options = [
        OptionSpec("check", "compare instead of write; exit 1 on any difference"),
        LogOptions.log,
        OptionSpec("projections", value: "DIR", "where the files live (default: projections/)"),
    ]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let store = try LogOptions.store(arguments, context)
        let directory = arguments.value("projections") ?? "projections"
        let result = try ReadModel.load(store, ReadOptions(fromScratch: true))
        if let warning = result.warning { throw LedgerError(.verificationFailed, warning) }
        let files = try ProjectionFiles.render(result)
        let target = ProjectionFiles(directory: directory)
        if arguments.flag("check") {
            let differing = files.keys.sorted().filter { target.read($0) != files[$0] }
            guard differing.isEmpty else {
                throw LedgerError(.verificationFailed, "\(directory) is not what \(store.path) replays to (seq \(result.position.seq)): \(differing.joined(separator: ", ")) missing, stale or edited; run `ledger rebuild`")
            }
            context.print("\(directory) is current: seq \(result.position.seq), head \(result.position.head)")
            return
        }
        try target.write(files)
        context.print("rebuilt \(directory) from \(store.path): seq \(result.position.seq), head \(result.position.head), \(files.count) files")
    }
}
