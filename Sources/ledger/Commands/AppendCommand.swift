#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

struct AppendCommand: Command {
    static let name = "append"
    static let summary = "validate a JSONL batch of events and append it whole"
    static let synopsis = "append [--log FILE] [--wait SECONDS] [--json] BATCH|-"
    static let discussion = """
        BATCH is a JSONL file (or - for stdin), one event per line, each an object with
        "type", "effective" (YYYY-MM-DD), "actor", optional "v", "key" and "household", and
        "data". The ledger assigns seq, batch, recordedAt and prev. Blank lines are skipped.
        Every event must pass the catalogue's checks and the business rules, in order, so later
        lines may depend on earlier ones (events/README.md lists the rules). The batch is
        written all or nothing: any bad line rejects it (exit 65, naming the line and the rule)
        and the log stays byte for byte as it was. An event whose idempotency key is already in
        the log with the same content is not written again; its seq is reported. Prints the seq
        range it assigned.
        """
    static let options = [LogOptions.log, LogOptions.wait, LogOptions.json]
    static let positionalCount = 1...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let source = arguments.positionals[0]
        let input = try readInput(source)
        var events: [PendingEvent] = []
        var labels: [String] = []
        let name = source == "-" ? "stdin" : source
        var lineNumber = 0
        var start = 0
        while start < input.count {
            lineNumber += 1
            let end = input[start...].firstIndex(of: 0x0A) ?? input.count
            let range = start..<end
            start = end + 1
            if input[range].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let parsed = input.withUnsafeBytes { bytes in
                Result { () throws(InputError) in try PendingEvent(inputLine: UnsafeRawBufferPointer(rebasing: bytes[range])) }
            }
            switch parsed {
            case .success(let event):
                events.append(event)
                labels.append("\(name) line \(lineNumber)")
            case .failure(let error):
                throw .rejected("\(name) line \(lineNumber): \(error)")
            }
        }
        let ledger = Ledger(store: try LogOptions.store(arguments, context))
        report(try ledger.append(events, labels: labels), of: ledger.store, arguments, context)
    }

    /// Prints what an append did: the seq range written and the events that were already there.
    static func report(_ report: Ledger.AppendReport, of store: LogStore, _ arguments: Arguments, _ context: Context) {
        let present = report.alreadyPresent
        if arguments.flag("json") {
            var object = JSONObject()
            if let appended = report.appended {
                object.members += [
                    .init("first", .integer(appended.first)), .init("last", .integer(appended.last)),
                    .init("events", .integer(appended.last - appended.first + 1)), .init("head", .string(appended.head.hex)),
                ]
            } else {
                object.members.append(.init("events", .integer(0)))
            }
            object.members.append(.init("alreadyPresent", .array(present.map {
                .object(JSONObject([.init("key", .string($0.key)), .init("seq", .integer($0.seq))]))
            })))
            context.print(object.line)
            return
        }
        if let appended = report.appended {
            let count = appended.last - appended.first + 1
            let range = count == 1 ? "seq \(appended.first)" : "seq \(appended.first)–\(appended.last)"
            context.print("appended \(range) (\(count) event\(count == 1 ? "" : "s")) to \(store.path); head \(appended.head)")
        } else {
            context.print("nothing appended: every event is already in \(store.path)")
        }
        for event in present {
            context.print("already in the log: key \(event.key) at seq \(event.seq)")
        }
    }

    /// The whole batch, from a file or stdin.
    private static func readInput(_ source: String) throws(LedgerError) -> [UInt8] {
        let fd: Int32 = source == "-" ? 0 : open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = SystemError("open", errno: errno)
            throw LedgerError(error.errno == ENOENT ? .noInput : .ioError, "cannot read batch \(source)", cause: error)
        }
        defer { if fd != 0 { close(fd) } }
        // A file's size is known: read it into one buffer of that size instead of growing one.
        var info = stat()
        let expected = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        guard expected <= Limits.maxBatchBytes else {
            throw .rejected("batch \(source) is over the limit of \(Limits.maxBatchBytes) bytes")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError(.ioError, "cannot read batch \(source)", cause: SystemError("read", errno: errno))
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= Limits.maxBatchBytes else {
                throw .rejected("batch \(source) is over the limit of \(Limits.maxBatchBytes) bytes")
            }
        }
    }
}
