#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSupport
import LedgerCore

// Past the file-size limit, write(2) should fail with EFBIG so the append can undo its batch and
// say so, instead of the process being killed by SIGXFSZ half-way through.
signal(SIGXFSZ, SIG_IGN)

// Buffers of a megabyte and more go back to the system when freed (see csupport.h).
ledger_return_large_buffers(1 << 20, 64 << 20)

func main(_ raw: [String]) -> ExitCode {
    guard let name = raw.first else {
        print(HelpCommand.overview)
        return .usage
    }
    let wantsHelp = raw.dropFirst().contains("--help") || raw.dropFirst().contains("-h")
    do throws(LedgerError) {
        guard let command = command(named: name) else {
            throw LedgerError.usage("unknown command \"\(name)\"; `ledger help` lists the commands")
        }
        if wantsHelp && command.name != HelpCommand.name {
            print(HelpCommand.help(for: command))
            return .ok
        }
        let arguments = try Arguments(Array(raw.dropFirst()), for: command)
        try command.run(arguments, try Context.fromEnvironment())
        return .ok
    } catch {
        printError("error: \(error)")
        return error.code
    }
}

exit(main(Array(CommandLine.arguments.dropFirst())).rawValue)
