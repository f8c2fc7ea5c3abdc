import LedgerCore

/// An option a command accepts: `--name VALUE`, or a flag when `value` is nil.
struct OptionSpec {
    let name: String
    let value: String?
    let help: String

    init(_ name: String, value: String? = nil, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
    }
}

/// A command's parsed arguments. Accepts `--name VALUE`, `--name=VALUE`, flags, `-` as a
/// positional (stdin) and `--` before positionals that start with a dash.
struct Arguments {
    let command: CommandSpec
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ raw: [String], for command: CommandSpec) throws(LedgerError) {
        self.command = command
        var index = 0
        var optionsEnded = false
        while index < raw.count {
            let argument = raw[index]
            index += 1
            guard !optionsEnded, argument.hasPrefix("--") else {
                if !optionsEnded && argument.hasPrefix("-") && argument != "-" {
                    throw usageError("unknown option \(argument)")
                }
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let spec = command.options.first(where: { $0.name == name }) else {
                throw usageError("unknown option --\(name)")
            }
            if spec.value == nil {
                guard inlineValue == nil else { throw usageError("--\(name) takes no value") }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < raw.count else { throw usageError("--\(name) needs a value (\(spec.value!))") }
                values[name] = raw[index]
                index += 1
            }
        }
        let allowed = command.positionalCount
        if positionals.count > allowed.upperBound {
            throw usageError("unexpected argument \(positionals[allowed.upperBound])")
        }
        if positionals.count < allowed.lowerBound {
            throw usageError("missing argument")
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    func usageError(_ message: String) -> LedgerError {
        .usage("\(message) (usage: ledger \(command.synopsis); see `ledger help \(command.name)`)")
    }
}
