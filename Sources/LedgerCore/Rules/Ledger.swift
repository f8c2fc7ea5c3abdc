/// The write side over a log file: replays the log into `LedgerState` and appends only what
/// the rules accept. A batch is decided in order, so later events may depend on earlier ones
/// in the same batch, and it is written whole or not at all.
public struct Ledger: Sendable {
    public var store: LogStore

    public init(store: LogStore) { self.store = store }

    /// An event of the batch that was already in the log (same idempotency key, same event).
    public struct AlreadyPresent: Equatable, Sendable {
        public var index: Int
        public var key: String
        public var seq: Int64
    }

    public struct AppendReport: Sendable {
        public var appended: LogStore.Appended?
        public var alreadyPresent: [AlreadyPresent]
        /// Set when the state file could not be written (the append itself succeeded).
        public var warning: String?
    }

    /// The write side's state at a log position, kept between appends so that the next one
    /// reads only what was appended since. It is used only while the log still has that event
    /// at that position; otherwise the log is replayed.
    public struct Snapshot: Sendable {
        var replay: LogStore.Replay<StateFold>
        /// Where the state file stands: it is rewritten once the log has grown well past it.
        var savedAt: Int64

        public var position: LogPosition { replay.position }
        public var state: LedgerState { replay.fold.state }
    }

    /// `<log>.state`: the write side's state saved next to the log, so that a process that
    /// appends one event does not replay the whole log first.
    public var statePath: String { store.path + ".state" }
    /// Whether appends read and rewrite the state file (off while a demo log is generated).
    public var usesStateFile = true
    /// No event's log line is shorter than this: a batch of n events adds at least n times it.
    static let fewestBytesPerLine = 128
    /// How far the log may grow past the state file before an append rewrites it.
    public var stateFileEveryBytes = Limits.stateFileEveryBytes

    /// Verifies the log and replays its rules.
    public func verify() throws(LedgerError) -> (LogStore.Verification, LedgerState) {
        let (verification, fold) = try store.verify(folding: StateFold())
        return (verification, fold.state)
    }

    /// The state after the whole log; fails (exit 1) when the log does not verify.
    public func state() throws(LedgerError) -> LedgerState {
        let (verification, state) = try verify()
        if let problem = verification.problem {
            throw LedgerError(.verificationFailed, "\(store.path): \(problem)")
        }
        return state
    }

    /// Appends `events` as one batch, starting from the state file when it matches the log.
    public func append(_ events: [PendingEvent], labels: [String]? = nil) throws(LedgerError) -> AppendReport {
        var snapshot: Snapshot?
        return try append(events, labels: labels, snapshot: &snapshot)
    }

    /// Appends `events` as one batch. Events whose idempotency key is already in the log with
    /// the same content are skipped and reported; a key reused for other content is refused.
    /// `labels` (one per event, e.g. "batch.jsonl line 7") name the events in errors.
    ///
    /// `snapshot` carries the state from one append to the next (nil: read the state file, or
    /// replay the log); afterwards it stands at the end of the log, also after a refused batch.
    ///
    /// With a `session`, the batch is durable only once `session.settle` says so (see
    /// `LogStore.WriteSession`): report it after that.
    public func append(
        _ events: [PendingEvent], labels: [String]? = nil, snapshot: inout Snapshot?, session: LogStore.WriteSession? = nil
    ) throws(LedgerError) -> AppendReport {
        // Reading each event against the catalogue needs no state: done on every core, before
        // the lock is taken. Deciding needs the state and goes in order, under the lock.
        let read = Parallel.map(events.count) { index in Result { () throws(InputError) in try DomainEvent(events[index]) } }
        return try append(read: read, labels: labels.map(EventLabels.init) ?? .positions, snapshot: &snapshot, session: session)
    }

    /// Appends a batch already read against the catalogue, one result per event (see `append(_:labels:snapshot:)`);
    /// an event that failed its reading refuses the batch.
    public func append(
        read: [Result<DomainEvent, InputError>], labels: EventLabels, snapshot: inout Snapshot?, session: LogStore.WriteSession? = nil
    ) throws(LedgerError) -> AppendReport {
        try append(BatchEvents(read), labels: labels, snapshot: &snapshot, session: session)
    }

    /// Appends a batch whose events are read against the catalogue as they are needed: what
    /// `append` does for a large import, whose lines are read straight into `DomainEvent`s on
    /// every core. Streamed as it is decided when the log's state has no idempotency key that
    /// could make it shorter (see `BatchEvents`); read whole before the lock is taken otherwise.
    public func append(
        _ events: BatchEvents, labels: EventLabels, snapshot: inout Snapshot?, session: LogStore.WriteSession? = nil
    ) throws(LedgerError) -> AppendReport {
        guard events.count > 0 else { throw .rejected("the batch is empty: nothing to append") }
        var present: [AlreadyPresent] = []
        var savedAt = snapshot?.savedAt ?? 0
        var replay = snapshot.take()?.replay ?? loadStateFile(savedAt: &savedAt) ?? LogStore.Replay(StateFold())
        defer { snapshot = Snapshot(replay: replay, savedAt: savedAt) }
        // Reading needs no state: a batch that will not be streamed is read on every core before
        // the lock is taken (or under it, when the catch-up finds keys the state before had not).
        if !events.streams(onto: replay.fold.state) { _ = events.readAll() }
        /// Saves the state once the log has grown far enough past the state file.
        /// `staged`: the state file for the log after the batch, made already (a large batch's).
        func saveStateIfDue(_ staged: StagedStateFile? = nil) -> String? {
            // A state file the log no longer confirms was not used: it counts as none.
            savedAt = min(savedAt, replay.scannedFrom)
            guard usesStateFile, replay.position != .start, replay.position.offset - savedAt >= stateFileEveryBytes else { return nil }
            do {
                if try staged?.putInPlace(for: replay.position, at: statePath) != true {
                    try StateFile.save(Snapshot(replay: replay, savedAt: savedAt), to: statePath)
                }
                savedAt = replay.position.offset
                return nil
            } catch {
                return "cannot write the state file \(statePath) (appends replay more of the log until it can): \(error)"
            }
        }
        let appended: LogStore.Appended?
        var stateFile: StagedStateFile?
        defer { stateFile?.discard() }
        var decision: BatchDecision?
        do {
            appended = try store.append(&replay, fresh: { StateFold() }, session: session) { (fold) throws(LedgerError) -> LogStore.Batch in
                let read = events.streams(onto: fold.state) ? nil : events.readAll()
                var rules = BatchRules(events, labels: labels, seqBefore: fold.state.seq)
                // One event is decided on the state itself: `apply` checks everything before it
                // changes anything.
                if events.count == 1 {
                    let event = try rules.decide(0, on: &fold.state)
                    present = rules.present
                    return LogStore.Batch(events: event.map { [$0] } ?? [], labels: labels)
                }
                // A longer batch is decided on a copy, since a refusal of its third event must not
                // leave the first two in the state — and window by window as it is written, so
                // that the rules run while the window before is encoded and written.
                var state = fold.state
                state.reserve(read.map { StateGrowth($0) } ?? StateGrowth(foreseenFrom: events.firstEvents, total: events.count))
                let deciding = BatchDecision(rules, on: state)
                decision = deciding
                // A batch this large makes the state file due: its state is encoded while the
                // last window is written, and the file written while the batch is made durable.
                let big = usesStateFile && events.count * Self.fewestBytesPerLine >= stateFileEveryBytes
                return LogStore.Batch(
                    count: read.map { BatchRules.count($0, in: fold.state) } ?? events.count, label: deciding.label,
                    events: { range throws(LedgerError) in try deciding.events(range.count) },
                    finish: { () throws(LedgerError) in
                        try deciding.finish()
                        if big { stateFile = StagedStateFile(deciding.state) }
                    },
                    written: { end in stateFile?.stage(for: end, path: statePath) })
            }
            if let decision {
                replay.fold.state = decision.state
                present = decision.present
            }
        } catch let error where error.code == .rejected {
            // The catch-up read still counts: a refused batch leaves the state at the log's end.
            _ = saveStateIfDue()
            throw error
        }
        let warning = saveStateIfDue(stateFile)
        return AppendReport(appended: appended, alreadyPresent: present, warning: warning)
    }

    /// The state file, when there is one this build can read; `confirms` decides whether it
    /// still matches the log.
    private func loadStateFile(savedAt: inout Int64) -> LogStore.Replay<StateFold>? {
        guard usesStateFile, let replay = StateFile.load(statePath) else { return nil }
        savedAt = replay.position.offset
        return replay
    }

    /// Writes the state file for `snapshot` now (after generating a log, say).
    public func saveState(_ snapshot: Snapshot) throws(LedgerError) {
        do {
            try StateFile.save(snapshot, to: statePath)
        } catch {
            throw LedgerError(.ioError, "cannot write the state file \(statePath)", cause: error)
        }
    }
}
