/// The log file and the only ways to change it: create it, append whole batches, and move a
/// torn tail aside. Writers hold an exclusive flock for the whole check-write-fsync; readers
/// never need one except to tell an append in progress from a torn tail.
public struct LogStore: Sendable {
    public let path: String
    public var clock: any Clock
    /// Seconds a writer (or a reader that meets an unfinished batch) waits for the lock.
    public var lockWait: Double

    public init(path: String, clock: any Clock = SystemClock(), lockWait: Double = Limits.defaultLockWaitSeconds) {
        self.path = path
        self.clock = clock
        self.lockWait = lockWait
    }

    public var quarantinePath: String { path + ".quarantine" }

    // MARK: init

    /// Creates an empty log; never overwrites an existing file.
    public func create() throws(LedgerError) {
        do {
            let file = try LogFile.create(path)
            try file.sync()
            try LogFile.syncDirectory(of: path)
        } catch let error where error.errno == EEXIST {
            throw LedgerError(.rejected, "\(path) already exists; init never overwrites a log", cause: error)
        } catch {
            throw LedgerError(.ioError, "cannot create \(path)", cause: error)
        }
    }

    // MARK: verify

    public struct Verification: Sendable {
        /// How far verification got: every event up to here parses, is in seq order and chains.
        /// With a torn tail, the end of the last complete batch (what `repair` keeps).
        public var verified: LogPosition
        public var problem: LogProblem?
        /// The RFC 6962 Merkle root of the events up to `verified`, when the log has no problem
        /// and was read from its start.
        public var root: Digest?
    }

    /// Verifies the log from `position` on (from the start unless a checkpoint vouches for
    /// the part before it), folding every verified event into `fold` (whose errors count as
    /// damage), and returns the fold as it stands after the verified part. With a torn tail the
    /// fold is taken again up to the last complete batch, so it never holds half a batch.
    ///
    /// `merkleRoot: false` skips the tree (a read that shows projections needs no root).
    // The scan is generic over the fold; these specialisations keep the per-line work free of
    // runtime generic lookups for the library's own folds.
    @_specialize(exported: true, where F == ChainFold)
    @_specialize(exported: true, where F == StateFold)
    @_specialize(exported: true, where F == ProjectionFold)
    public func verify<F: LogFold>(folding initial: F, from position: LogPosition = .start, merkleRoot: Bool = true) throws(LedgerError) -> (Verification, F) {
        let file = try open(.read)
        var fold = initial
        var scan = try scan(file, from: position, to: try size(file), into: &fold, merkleRoot: merkleRoot)
        if case .torn = scan.problem {
            // Perhaps a writer is still appending: wait for it, then read again, since the fold
            // has taken in the unfinished batch.
            try withLock(file, .shared) { () throws(LedgerError) in
                fold = initial
                scan = try self.scan(file, from: position, to: try size(file), into: &fold, merkleRoot: merkleRoot)
            }
        }
        switch scan.problem {
        case .damaged?:
            return (Verification(verified: scan.lastGood, problem: scan.problem), fold)
        case .torn?:
            fold = initial
            _ = try self.scan(file, from: position, to: scan.committed.offset, into: &fold)
            return (Verification(verified: scan.committed, problem: scan.problem), fold)
        case nil:
            return (Verification(verified: scan.committed, problem: nil, root: position == .start && merkleRoot ? scan.tree.root : nil), fold)
        }
    }

    /// Whether the log holds, just before `offset`, the event `seq` with hash `head`: the test
    /// a checkpoint must pass before anything is built on it.
    public func confirms(_ position: LogPosition) -> Bool {
        guard let file = try? open(.read) else { return false }
        return confirms(position, in: file)
    }

    private func confirms(_ position: LogPosition, in file: LogFile) -> Bool {
        guard position.offset > 0, let size = try? file.size(), size >= position.offset else { return false }
        // Lines are a few hundred bytes: read a little first, the longest line's worth if need be.
        for window in [Int64(4096), Int64(Limits.maxLineBytes + 2)] {
            let count = Int(min(position.offset, window))
            guard let bytes = try? file.read(count: count, at: position.offset - Int64(count)), bytes.last == 0x0A else { return false }
            let start = bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? (count == Int(position.offset) ? 0 : -1)
            guard start >= 0 else { continue }
            let line = Array(bytes[start..<(bytes.count - 1)])
            guard let event = try? line.withUnsafeBytes({ try EventLine.decode($0) }) else { return false }
            return event.seq == position.seq && SHA256.leaf(line) == position.head
        }
        return false
    }

    /// Folds the events up to `end`, a position an earlier verification returned: a second
    /// pass over exactly the part of the log that pass vouched for, however the log has grown.
    @_specialize(exported: true, where F == ProjectionFold)
    public func fold<F: LogFold>(_ initial: F, upTo end: LogPosition) throws(LedgerError) -> F {
        let file = try open(.read)
        var fold = initial
        let scan = try scan(file, from: .start, to: end.offset, into: &fold)
        if let problem = scan.problem {
            throw LedgerError(.verificationFailed, "\(path): \(problem)")
        }
        return fold
    }

    /// The log's own checks only.
    public func verify() throws(LedgerError) -> Verification {
        try verify(folding: NoFold()).0
    }

    // MARK: append

    public struct Appended: Sendable {
        public var first: Int64
        public var last: Int64
        public var head: Digest
        /// Where the log ends after the batch.
        public var end: LogPosition
    }

    /// Appends `events` as one batch, all or nothing, with the log's own checks only.
    @discardableResult
    public func append(_ events: [PendingEvent], labels: [String]? = nil) throws(LedgerError) -> Appended {
        guard !events.isEmpty else { throw .rejected("the batch is empty: nothing to append") }
        let labels = labels.map(EventLabels.init) ?? .positions
        var replay = Replay(NoFold())
        return try append(&replay, fresh: NoFold.init) { _ in Batch(events: events, labels: labels) }!
    }

    /// What a writer decided to append: how many events, the events themselves — decided
    /// already, or decided window by window as they are written — and a label for each that
    /// names it in errors (the line of the caller's input).
    public struct Batch {
        /// How many events the batch writes.
        public let count: Int
        /// Whether `decide` put the batch into the fold already (a batch decided as it is
        /// written leaves the fold as it was, and its writer updates it once the batch is in).
        let isInFold: Bool
        private let window: (Range<Int>) throws(LedgerError) -> [PendingEvent]
        private let finishing: () throws(LedgerError) -> Void
        private let writing: (LogPosition) -> Void
        private let naming: (Int) -> String

        /// A batch decided already.
        public init(events: [PendingEvent], labels: EventLabels) {
            count = events.count
            isInFold = true
            window = { Array(events[$0]) }
            finishing = {}
            writing = { _ in }
            naming = { labels[$0] }
        }

        /// A batch decided as it is written: `events` gives the events of a range (asked for in
        /// order, from 0 up to `count`), `finish` runs after the last (also when `count` is 0),
        /// and either may throw to refuse the batch, which leaves the log as it was. `written`
        /// runs once every event is written, with where the log then ends, while the batch is
        /// made durable: work that needs the end can overlap the fsync.
        public init(
            count: Int, label: @escaping (Int) -> String,
            events: @escaping (Range<Int>) throws(LedgerError) -> [PendingEvent], finish: @escaping () throws(LedgerError) -> Void,
            written: @escaping (LogPosition) -> Void = { _ in }
        ) {
            self.count = count
            isInFold = false
            window = events
            finishing = finish
            writing = written
            naming = label
        }

        func events(_ range: Range<Int>) throws(LedgerError) -> [PendingEvent] { try window(range) }
        func finish() throws(LedgerError) { try finishing() }
        func written(_ end: LogPosition) { writing(end) }
        func label(_ index: Int) -> String { naming(index) }
    }

    /// A fold and the position in the log it stands at: what a writer keeps between appends
    /// so that the next one reads only what was appended since.
    public struct Replay<F: LogFold> {
        public var fold: F
        public var position: LogPosition
        /// Where the last append's catch-up read started: 0 when it replayed the whole log.
        public fileprivate(set) var scannedFrom: Int64 = 0

        public init(_ fold: F, at position: LogPosition = .start) {
            self.fold = fold
            self.position = position
        }
    }

    /// Appends one batch, all or nothing: under the exclusive lock it brings `replay` up to the
    /// end of the log, asks `decide` for the events to write given that fold, and writes them.
    /// Returns nil when `decide` has nothing to write.
    ///
    /// If the log no longer has `replay`'s event at its position, the log is replayed into
    /// `fresh()` from the start instead. `decide` gets the fold to update in place to the state
    /// after the batch, and must leave it unchanged when it throws; afterwards `replay` stands
    /// at the end of the log (after a failed write, back at the start with a fresh fold).
    ///
    /// With a `session`, the log stays locked after the batch, and the batch is durable only once
    /// `session.settle` says so (see `WriteSession`).
    @_specialize(exported: true, where F == StateFold)
    public func append<F: LogFold>(
        _ replay: inout Replay<F>, fresh: () -> F, session: WriteSession? = nil, decide: (inout F) throws(LedgerError) -> Batch
    ) throws(LedgerError) -> Appended? {
        if let session {
            let file = try session.file()
            return try append(&replay, to: file, fresh: fresh, session: session, decide: decide)
        }
        let file = try open(.readWrite)
        return try withLock(file, .exclusive) { () throws(LedgerError) -> Appended? in
            try append(&replay, to: file, fresh: fresh, session: nil, decide: decide)
        }
    }

    /// `append` with the log open and locked already.
    private func append<F: LogFold>(
        _ replay: inout Replay<F>, to file: LogFile, fresh: () -> F, session: WriteSession?, decide: (inout F) throws(LedgerError) -> Batch
    ) throws(LedgerError) -> Appended? {
        if replay.position != .start && !confirms(replay.position, in: file) {
            replay = Replay(fresh())
        }
        replay.scannedFrom = replay.position.offset
        let scan = try scan(file, from: replay.position, to: try size(file), into: &replay.fold)
        if let problem = scan.problem {
            replay = Replay(fresh())
            throw LedgerError(.verificationFailed, "refusing to append to \(path): \(problem)")
        }
        replay.position = scan.committed
        let batch = try decide(&replay.fold)
        if batch.count == 0 {
            try batch.finish()
            return nil
        }
        // A fold that holds the batch already must start over unless the batch reaches the log.
        var written = false
        defer { if !written && batch.isInFold { replay = Replay(fresh()) } }
        guard batch.count <= Limits.maxBatchEvents else {
            throw .rejected("the batch has \(batch.count) events, over the limit of \(Limits.maxBatchEvents)")
        }
        let end = try writeBatch(batch, to: file, after: scan.committed, recordedAt: clock.now(), durable: session == nil)
        written = true
        session?.written(from: scan.committed)
        replay.position = end
        return Appended(first: scan.committed.seq + 1, last: end.seq, head: end.head, end: end)
    }

    /// Runs `body`, which writes part of a batch; on any failure cuts the file back to where
    /// the batch began, so no part of it stays behind.
    func writing(_ file: LogFile, batchFrom start: LogPosition, _ body: () throws(SystemError) -> Void) throws(LedgerError) {
        do throws(SystemError) {
            try body()
        } catch {
            let what = error.isNoSpace ? "no space for the batch (disk full or file-size limit)" : "writing the batch failed"
            try cutBack(file, to: start, after: LedgerError(.ioError, what, cause: error))
            throw LedgerError(.ioError, "\(what); nothing was appended, the log still ends at seq \(start.seq)", cause: error)
        }
    }

    /// Cuts off what a stopped batch had written; if even that fails, says so with why the batch stopped.
    func cutBack(_ file: LogFile, to start: LogPosition, after reason: LedgerError) throws(LedgerError) {
        do throws(SystemError) {
            try file.truncate(to: start.offset)
            try file.sync()
        } catch let undo {
            throw LedgerError(.ioError, "\(reason.message), and cutting the partial batch back off failed too (\(undo)); run `ledger verify --log \(path)`", cause: undo)
        }
    }

    // MARK: repair

    public struct Repair: Sendable {
        /// Bytes moved to the quarantine file, and why they were torn; nil when there was nothing to move.
        public var moved: TornTail?
        /// Where the log ends now.
        public var end: LogPosition
    }

    /// Moves a torn tail to `<log>.quarantine` (appending, never overwriting) and cuts the log
    /// back to its last complete batch. Refuses to touch any other kind of damage.
    public func repair() throws(LedgerError) -> Repair {
        let file = try open(.readWrite)
        return try withLock(file, .exclusive) { () throws(LedgerError) -> Repair in
            var fold = NoFold()
            let scan = try scan(file, from: .start, to: try size(file), into: &fold)
            switch scan.problem {
            case nil:
                return Repair(moved: nil, end: scan.committed)
            case .damaged(let damage):
                throw LedgerError(.verificationFailed, "\(path) is damaged, not torn: \(damage); repair only moves a torn tail and leaves this for a person to investigate")
            case .torn(let tail):
                try quarantine(file, tail, after: scan.committed)
                return Repair(moved: tail, end: scan.committed)
            }
        }
    }

    private func quarantine(_ file: LogFile, _ tail: TornTail, after end: LogPosition) throws(LedgerError) {
        do {
            let torn = try file.read(count: Int(tail.length), at: tail.offset)
            // A header line says exactly how many bytes follow, so the raw bytes stay recoverable.
            let header = "# ledger repair \(CalendarDate.formatTimestamp(clock.now())): \(torn.count) bytes from offset \(tail.offset) of \(path), after seq \(end.seq): \(tail.reason)\n"
            let quarantine = try LogFile.openForAppend(quarantinePath)
            try quarantine.appendAll(Array(header.utf8))
            try quarantine.appendAll(torn + [0x0A])
            try quarantine.sync()
            try LogFile.syncDirectory(of: quarantinePath)
            try file.truncate(to: tail.offset)
            try file.sync()
        } catch {
            throw LedgerError(.ioError, "repair of \(path) failed; the log was not cut", cause: error)
        }
    }

    // MARK: shared steps

    /// The log opened for writing and exclusively locked (for a `WriteSession`, which unlocks it).
    func lockedForWriting() throws(LedgerError) -> LogFile {
        let file = try open(.readWrite)
        try lock(file, .exclusive)
        return file
    }

    private func open(_ access: LogFile.Access) throws(LedgerError) -> LogFile {
        do {
            return try LogFile.open(path, access)
        } catch let error where error.errno == ENOENT {
            throw LedgerError(.noInput, "log \(path) does not exist (create one with `ledger init --log \(path)`)", cause: error)
        } catch {
            throw LedgerError(.ioError, "cannot open log \(path)", cause: error)
        }
    }

    private func size(_ file: LogFile) throws(LedgerError) -> Int64 {
        do { return try file.size() } catch { throw LedgerError(.ioError, "cannot stat \(path)", cause: error) }
    }

    private func scan<F: LogFold>(
        _ file: LogFile, from position: LogPosition, to end: Int64, into fold: inout F, merkleRoot: Bool = false
    ) throws(LedgerError) -> LogScanner {
        do {
            return try LogScanner.scan(file, from: position, to: end, into: &fold, merkleRoot: merkleRoot)
        } catch {
            throw LedgerError(.ioError, "cannot read \(path)", cause: error as? SystemError)
        }
    }

    private func withLock<T>(_ file: LogFile, _ kind: LogFile.LockKind, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        try lock(file, kind)
        defer { file.unlock() }
        return try body()
    }

    private func lock(_ file: LogFile, _ kind: LogFile.LockKind) throws(LedgerError) {
        let locked: Bool
        do { locked = try file.lock(kind, waitingUpTo: lockWait) } catch {
            throw LedgerError(.ioError, "cannot lock \(path)", cause: error)
        }
        guard locked else {
            throw LedgerError(.busy, "\(path) is busy: another writer held its lock for more than \(lockWait.formatted) s")
        }
    }
}

extension LogStore.Replay: Sendable where F: Sendable {}

extension Double {
    fileprivate var formatted: String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
