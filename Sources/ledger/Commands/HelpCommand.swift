import LedgerCore

struct HelpCommand: Command {
    static let name = "help"
    static let summary = "list the commands, or explain one"
    static let synopsis = "help [COMMAND]"
    static let options: [OptionSpec] = []
    static let positionalCount = 0...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        guard let name = arguments.positionals.first else {
            context.print(overview)
            return
        }
        guard let command = command(named: name) else {
            throw .usage("unknown command \"\(name)\"; `ledger help` lists the commands")
        }
        context.print(help(for: command))
    }

    static var overview: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let rows = commands.map { "  \($0.name.padding(width))  \($0.summary)" }
        return """
            ledger: an event-sourced, hash-chained debt settlement ledger

            usage: ledger <command> [options]

            commands:
            \(rows.joined(separator: "\n"))

            Every event command takes --actor ID (default $LEDGER_ACTOR), --effective YYYY-MM-DD
            (default today), --key KEY (idempotency), --log FILE and --json.

            `ledger help <command>` explains one. Exit codes: 0 ok, 1 verification found a problem,
            64 usage, 65 rejected input or rule, 66 log missing, 74 I/O error, 75 log busy.
            """
    }

    static func help(for command: CommandSpec) -> String {
        var text = "usage: ledger \(command.synopsis)\n\n\(command.summary)\n"
        if !command.options.isEmpty {
            let labels = command.options.map { "--\($0.name)" + ($0.value.map { " \($0)" } ?? "") }
            let width = labels.map { $0.count }.max() ?? 0
            text += "\noptions:\n"
            for (label, option) in zip(labels, command.options) {
                text += "  \(label.padding(width))  \(option.help)\n"
            }
        }
        if !command.discussion.isEmpty {
            text += "\n\(command.discussion)\n"
        }
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
