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
        /// The state after this append, to continue from without replaying the log again.
        public var snapshot: Snapshot
    }

    /// The write side's state at a log position. A later append passes it back; it is used
    /// only while the log still has that event at that position.
    public struct Snapshot: Sendable {
        public var position: LogPosition
        public var state: LedgerState
    }

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

    /// Appends `events` as one batch. Events whose idempotency key is already in the log with
    /// the same content are skipped and reported; a key reused for other content is refused.
    /// `labels` (one per event, e.g. "batch.jsonl line 7") name the events in errors.
    public func append(_ events: [PendingEvent], labels: [String]? = nil, continuing snapshot: Snapshot? = nil) throws(LedgerError) -> AppendReport {
        guard !events.isEmpty else { throw .rejected("the batch is empty: nothing to append") }
        var present: [AlreadyPresent] = []
        func name(_ index: Int) -> String { labels?[index] ?? "event \(index + 1) of the batch" }
        /// "stdin line 2: OfferAccepted HH-007": where a rule refusal is reported.
        func subject(_ index: Int) -> String {
            "\(name(index)): \(events[index].type.rawValue)\(events[index].household.map { " \($0)" } ?? "")"
        }

        var after = LedgerState()
        let start = snapshot.map { StateFold(state: $0.state) } ?? StateFold()
        let (appended, end) = try store.append(replaying: start, from: snapshot?.position ?? .start, fresh: StateFold()) { (fold) throws(LedgerError) -> LogStore.Batch in
            var state = fold.state
            defer { after = state }
            var decided = LogStore.Batch(events: [], labels: [])
            var keysInBatch: [String: Int] = [:]
            for (index, pending) in events.enumerated() {
                var event: DomainEvent
                do { event = try DomainEvent(pending) } catch {
                    throw .rejected("\(name(index)): \(error)")
                }
                if let key = pending.key {
                    if let other = keysInBatch[key] {
                        throw .rejected("\(name(index)): idempotency key \(key) is also used by \(name(other)) of this batch")
                    }
                    keysInBatch[key] = index
                    if let earlier = state.keys[key] {
                        guard earlier.identity == event.identity else {
                            throw .rejected("\(subject(index)): rule key-unique: idempotency key \(key) was used for a different event at seq \(earlier.seq)")
                        }
                        present.append(AlreadyPresent(index: index, key: key, seq: earlier.seq))
                        continue
                    }
                }
                do {
                    try state.apply(&event, seq: fold.state.seq + Int64(decided.events.count) + 1)
                } catch {
                    throw .rejected("\(subject(index)): \(error)")
                }
                decided.events.append(event.envelope)
                decided.labels.append(name(index))
            }
            return decided
        }
        return AppendReport(appended: appended, alreadyPresent: present, snapshot: Snapshot(position: end, state: after))
    }
}
