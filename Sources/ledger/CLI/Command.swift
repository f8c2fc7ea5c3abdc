import LedgerCore

/// One `ledger` subcommand: its name, its help, the options it takes, and what it does.
protocol Command: Sendable {
    static var name: String { get }
    /// One line for `ledger help`.
    static var summary: String { get }
    /// The usage line(s) after `ledger `.
    static var synopsis: String { get }
    /// What `ledger help NAME` adds below the options.
    static var discussion: String { get }
    static var options: [OptionSpec] { get }
    /// How many positional arguments the command takes.
    static var positionalCount: ClosedRange<Int> { get }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError)
}

extension Command {
    static var discussion: String { "" }
    static var positionalCount: ClosedRange<Int> { 0...0 }
}

/// Every command, in the order `ledger help` lists them.
let commands: [any Command.Type] = [
    InitCommand.self,
    AppendCommand.self,
    VerifyCommand.self,
    RepairCommand.self,
    HelpCommand.self,
]

func command(named name: String) -> (any Command.Type)? {
    commands.first { $0.name == name }
}
