import LedgerCore

/// One `ledger` subcommand as the dispatcher and `help` see it.
struct CommandSpec: Sendable {
    let name: String
    /// One line for `ledger help`.
    let summary: String
    /// The usage line after `ledger `.
    let synopsis: String
    /// What `ledger help NAME` adds below the options.
    let discussion: String
    let options: [OptionSpec]
    /// How many positional arguments the command takes.
    let positionalCount: ClosedRange<Int>
    let run: @Sendable (Arguments, Context) throws(LedgerError) -> Void
}

/// A command written as its own type, one file per command.
protocol Command: SendableMetatype {
    static var name: String { get }
    static var summary: String { get }
    static var synopsis: String { get }
    static var discussion: String { get }
    static var options: [OptionSpec] { get }
    static var positionalCount: ClosedRange<Int> { get }
    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError)
}

extension Command {
    static var discussion: String { "" }
    static var positionalCount: ClosedRange<Int> { 0...0 }

    static var spec: CommandSpec {
        CommandSpec(name: name, summary: summary, synopsis: synopsis, discussion: discussion, options: options,
                    positionalCount: positionalCount, run: { (arguments, context) throws(LedgerError) in try run(arguments, context) })
    }
}

/// Every command, in the order `ledger help` lists them.
let commands: [CommandSpec] = [
    InitCommand.spec,
    AppendCommand.spec,
    VerifyCommand.spec,
    RepairCommand.spec,
    CheckpointCommand.spec,
    ProveCommand.spec,
    CheckProofCommand.spec,
] + EventCommands.all.map(\.spec) + [
    HouseholdCommand.spec,
    HistoryCommand.spec,
    HouseholdsCommand.spec,
    FundCommand.spec,
    TypologyCommand.spec,
    CreditorsCommand.spec,
    ReportCommand.spec,
    ExportCommand.spec,
    RebuildCommand.spec,
    DemoCommand.spec,
    HelpCommand.spec,
]

func command(named name: String) -> CommandSpec? {
    commands.first { $0.name == name }
}
