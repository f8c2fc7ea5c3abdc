#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSupport
import LedgerCore

struct AppendCommand: Command {
    static let name = "append"
    static let summary = "validate a JSONL batch of events and append it whole"
    static let synopsis = "append [--log FILE] [--wait SECONDS] [--stream] [--json] BATCH|-"
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

        --stream appends each line on its own, as soon as it arrives, for a program that keeps
        one ledger process open instead of starting one per event: every line is its own batch,
        written and fdatasynced before its result line is printed (and flushed), and the write
        side's state stays in memory between lines. While more lines are waiting, the next ones
        are read and written while up to three earlier ones wait for their own fdatasync (the
        log stays locked for up to 128 lines in a row). A refused line prints its reason as its
        result and the stream goes on; at the end the exit code is 65 if any line was refused.
        An I/O error or a busy lock stops the stream at once (exit 74 or 75).

        Appends start from <log>.state, the write side's state saved next to the log, when the
        log still has the event it was saved at; it is rewritten once the log has grown 4 MiB
        past it, so no append replays more than that. It is a cache: delete it at will.
        """
    static let options = [
        LogOptions.log, LogOptions.wait,
        OptionSpec("stream", "append each line as its own durable batch as it arrives, printing one result line per line"),
        LogOptions.json,
    ]
    static let positionalCount = 1...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let source = arguments.positionals[0]
        if arguments.flag("stream") { return try stream(source, arguments, context) }
        // Mapped until the process exits (`KeptUntilExit`), so every thread may read it.
        nonisolated(unsafe) let input = try readInput(source)
        let name = source == "-" ? "stdin" : source
        // Split into lines first (blank ones skipped); the ledger then reads the lines on every
        // core straight into events the catalogue accepts, as it needs them.
        let (lines, numbers) = Self.lines(of: input)
        let events = BatchEvents(count: lines.count) { index in
            Result { () throws(InputError) in try DomainEvent(PendingEvent(inputLine: UnsafeRawBufferPointer(rebasing: input[lines[index].range]))) }
        }
        let ledger = Ledger(store: try LogOptions.store(arguments, context))
        var snapshot: Ledger.Snapshot?
        let appended = try ledger.append(events, labels: .lines(numbers, of: name), snapshot: &snapshot)
        KeptUntilExit.keep((events, snapshot))
        report(appended, of: ledger.store, arguments, context)
    }

    /// `--stream`: one durable append per input line, one result line per append.
    private static func stream(_ source: String, _ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let ledger = Ledger(store: try LogOptions.store(arguments, context))
        let name = source == "-" ? "stdin" : source
        let fd = try openInput(source)
        defer { if fd != 0 { close(fd) } }
        var snapshot: Ledger.Snapshot?
        var refused: [Int] = []
        var lines = InputLines(fd: fd)
        // Each append is made durable while the next lines are read, decided and written; its
        // result is printed once its own fdatasync has returned (see `LogStore.WriteSession`).
        let session = LogStore.WriteSession(ledger.store)
        /// Appends done but not answered yet, oldest first: those that wrote wait for their sync.
        var unanswered: [Ledger.AppendReport] = []
        /// Answers, in order, every append but the last `keeping` that wrote something.
        func answer(keeping: Int = 0) throws(LedgerError) {
            do {
                try session.settle(keeping: keeping)
            } catch {
                unanswered = []  // cut back off the log with the append whose sync failed
                throw error
            }
            var durable = unanswered.lazy.filter { $0.appended != nil }.count - keeping
            while let first = unanswered.first, first.appended == nil || durable > 0 {
                if first.appended != nil { durable -= 1 }
                report(first, of: ledger.store, arguments, context)
                context.flush()  // durable: the answer goes out now
                unanswered.removeFirst()
            }
        }
        do throws(LedgerError) {
            while true {
                // Before waiting for input, and now and then for other writers: answer and let go.
                if !lines.hasLine || session.isDue {
                    try answer()
                    try session.release()
                }
                guard let (number, line) = try lines.next(name) else { break }
                let label = "\(name) line \(number)"
                if line.allSatisfy(isBlank) { continue }
                let parsed = line.withUnsafeBytes { bytes in Result { () throws(InputError) in try PendingEvent(inputLine: bytes) } }
                do throws(LedgerError) {
                    guard case .success(let event) = parsed else {
                        if case .failure(let error) = parsed { throw .rejected("\(label): \(error)") }
                        continue
                    }
                    unanswered.append(try ledger.append([event], labels: [label], snapshot: &snapshot, session: session))
                    try answer(keeping: LogStore.WriteSession.syncsInFlight - 1)
                } catch let error where error.code == .rejected {
                    try answer()
                    refused.append(number)
                    if arguments.flag("json") {
                        context.print(JSONObject([.init("refused", .string(error.message)), .init("line", .integer(Int64(number)))]).line)
                    } else {
                        context.print("refused: \(error.message)")
                    }
                    context.flush()
                }
            }
            try answer()
            try session.release()
        } catch {
            // What was durable before the failure is still answered.
            try? answer()
            try? session.release()
            context.flush()
            throw error
        }
        context.flush()
        guard refused.isEmpty else {
            let shown = refused.prefix(10).map(String.init).joined(separator: ", ") + (refused.count > 10 ? ", …" : "")
            throw .rejected("\(refused.count) line\(refused.count == 1 ? " was" : "s were") refused (\(name) line\(refused.count == 1 ? "" : "s") \(shown)); every other line was appended")
        }
    }

    /// Where a line of the input is: a batch is at most `Limits.maxBatchBytes` (1 GiB), so 32 bits
    /// each — a million lines' table is 8 MB instead of 16, pages this VM faults in dearly.
    private typealias LineSpan = ledger_line

    /// The non-blank lines of `input` and their line numbers (nil when no line is blank: then
    /// line n is event n), found on every core: each takes a stretch of whole lines (cut just
    /// after a newline) and counts from its start (a million-line batch took a tenth of a second
    /// on one). The stretches are read twice (`ledger_split_lines`): first how many lines each
    /// has, then each fills its own place in tables made once at their full size — grown and
    /// joined instead, a million lines' 24 MB of tables took 60 MB of fresh pages.
    private static func lines(of input: UnsafeRawBufferPointer) -> (spans: [LineSpan], numbers: [Int]?) {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return ([], nil) }
        precondition(input.count <= Limits.maxBatchBytes && Limits.maxBatchBytes <= Int(UInt32.max), "a batch's offsets fit in 32 bits")
        let parts = input.count < 1 << 20 ? 1 : Parallel.cores
        var cuts = [0]
        for part in 1..<parts {
            let from = max(cuts.last!, input.count * part / parts)
            let newline = from < input.count ? memchr(base + from, 0x0A, input.count - from) : nil
            cuts.append(newline.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 } ?? input.count)
        }
        cuts.append(input.count)
        let counts = Parallel.map(parts, minimumPerCore: 1) { part -> (kept: Int, lines: Int) in
            var lines = 0
            let kept = ledger_split_lines(base, cuts[part], cuts[part + 1], nil, nil, 0, &lines)
            return (kept, lines)
        }
        let total = counts.reduce(0) { $0 + $1.kept }
        let anyBlank = counts.contains { $0.kept != $0.lines }
        var numbers: [Int] = []
        let spans = [LineSpan](unsafeUninitializedCapacity: total) { spans, spansMade in
            numbers = [Int](unsafeUninitializedCapacity: anyBlank ? total : 0) { numbers, numbersMade in
                // Each stretch writes only its own slots, and all are done before the tables are.
                let (spanSlots, numberSlots) = (spans.baseAddress, anyBlank ? numbers.baseAddress : nil)
                _ = Parallel.map(parts, minimumPerCore: 1) { part in
                    let at = counts[..<part].reduce(0) { $0 + $1.kept }
                    let before = counts[..<part].reduce(0) { $0 + $1.lines }
                    var lines = 0
                    _ = ledger_split_lines(base, cuts[part], cuts[part + 1], spanSlots.map { $0 + at }, numberSlots.map { $0 + at }, before + 1, &lines)
                }
                numbersMade = anyBlank ? total : 0
            }
            spansMade = total
        }
        return (spans, anyBlank ? numbers : nil)
    }

    /// Whitespace a blank line may hold (as `ledger_split_lines` has it).
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// Prints what an append did: the seq range written and the events that were already there.
    static func report(_ report: Ledger.AppendReport, of store: LogStore, _ arguments: Arguments, _ context: Context) {
        if let warning = report.warning { printError("warning: \(warning)") }
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

    /// The input's file descriptor: 0 for `-` (stdin), else the file opened for reading.
    private static func openInput(_ source: String) throws(LedgerError) -> Int32 {
        let fd: Int32 = source == "-" ? 0 : open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = SystemError("open", errno: errno)
            throw LedgerError(error.errno == ENOENT ? .noInput : .ioError, "cannot read batch \(source)", cause: error)
        }
        return fd
    }

    /// The whole batch, from a file or stdin. Never given back: the process ends soon after (see
    /// `KeptUntilExit`).
    private static func readInput(_ source: String) throws(LedgerError) -> UnsafeRawBufferPointer {
        let fd = try openInput(source)
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        guard size <= Limits.maxBatchBytes else {
            throw .rejected("batch \(source) is over the limit of \(Limits.maxBatchBytes) bytes")
        }
        // A file is mapped rather than read: its pages are the page cache's, so nothing is copied
        // into fresh memory (a tenth of a second for a 128 MB batch). A file cut short while it
        // is read would end the process with SIGBUS — for a batch read whole before anything was
        // written to the log; for a streamed one, read as it is written, with a torn tail that
        // `ledger repair` moves aside, as after any writer killed half-way (events/README.md).
        if size > 0, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED {
            return UnsafeRawBufferPointer(start: mapped, count: size)
        }
        // A pipe, read to its end into a buffer that doubles as it fills (realloc moves a large
        // one by remapping its pages, not by copying them).
        var capacity = max(size + 1, 1 << 20), count = 0
        var buffer = malloc(capacity)!
        while true {
            if count == capacity {
                capacity *= 2
                buffer = realloc(buffer, capacity)!
            }
            let n = read(fd, buffer + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                let error = SystemError("read", errno: errno)
                free(buffer)
                throw LedgerError(.ioError, "cannot read batch \(source)", cause: error)
            }
            if n == 0 { return UnsafeRawBufferPointer(start: buffer, count: count) }
            count += n
            guard count <= Limits.maxBatchBytes else {
                free(buffer)
                throw .rejected("batch \(source) is over the limit of \(Limits.maxBatchBytes) bytes")
            }
        }
    }
}

/// Lines of a stream read as they arrive (a pipe delivers them one at a time), each at most
/// `Limits.maxLineBytes`.
struct InputLines {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var number = 0
    private var ended = false

    init(fd: Int32) { self.fd = fd }

    /// Whether `next` has a line without reading (and so without waiting for) more input.
    var hasLine: Bool { buffer[start...].contains(0x0A) || (ended && start < buffer.count) }

    /// The next line and its number; nil at the end of the input.
    mutating func next(_ name: String) throws(LedgerError) -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                defer { start = newline + 1 }
                return (number, Array(buffer[start..<newline]))
            }
            if ended {
                guard start < buffer.count else { return nil }
                number += 1
                defer { start = buffer.count }
                return (number, Array(buffer[start...]))
            }
            if buffer.count - start > Limits.maxLineBytes {
                throw .rejected("\(name) line \(number + 1) is over the \(Limits.maxLineBytes)-byte limit; the stream stops here")
            }
            buffer.removeFirst(start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError(.ioError, "cannot read \(name)", cause: SystemError("read", errno: errno))
            }
            if n == 0 { ended = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }
}

extension ledger_line {
    var range: Range<Int> { Int(start)..<(Int(start) + Int(count)) }
}
