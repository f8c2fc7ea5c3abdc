/// The rules applied to a batch event by event, in order: what each event does to the state,
/// which events are already in the log (same idempotency key, same event), and the refusal that
/// stops the batch.
struct BatchRules {
    let events: BatchEvents
    let labels: EventLabels
    /// The seq the log stood at before the batch.
    let seqBefore: Int64
    private var keysInBatch: [String: Int] = [:]
    /// The events already in the log, in the batch's order: the ones skipped.
    private(set) var present: [Ledger.AlreadyPresent] = []
    /// How many events the rules let through so far.
    private var kept = 0

    init(_ events: BatchEvents, labels: EventLabels, seqBefore: Int64) {
        self.events = events
        self.labels = labels
        self.seqBefore = seqBefore
    }

    /// Decides event `index` on `state`: its log form when the rules let it through, nil when it
    /// is already in the log. `state` changes only when the event goes through.
    mutating func decide(_ index: Int, on state: inout LedgerState) throws(LedgerError) -> PendingEvent? {
        // The household of an event a few on is looked up now, so that the cache miss of the
        // lookup (a million households are far more than the cache holds) overlaps the events before it.
        let ahead = events.householdKey(ifRead: index + Self.lookahead)
        if ahead >= 0 { state.households.prefetch(key: ahead) }
        let event = try events.take(index).mapError { error in LedgerError.rejected("\(labels[index]): \(error)") }.get()
        if let key = event.envelope.key {
            if let other = keysInBatch[key] {
                throw .rejected("\(labels[index]): idempotency key \(key) is also used by \(labels[other]) of this batch")
            }
            keysInBatch[key] = index
            if let earlier = state.keys[key] {
                guard earlier.identity == event.identity else {
                    throw .rejected("\(subject(index, event)): rule key-unique: idempotency key \(key) was used for a different event at seq \(earlier.seq)")
                }
                present.append(Ledger.AlreadyPresent(index: index, key: key, seq: earlier.seq))
                return nil
            }
        }
        let derived: Payload?
        do {
            derived = try state.apply(event, seq: seqBefore + Int64(kept) + 1)
        } catch {
            throw .rejected("\(subject(index, event)): \(error)")
        }
        kept += 1
        guard let derived else { return event.envelope }
        var envelope = event.envelope
        envelope.data = derived.data
        return envelope
    }

    private static let lookahead = 12

    /// The index in the batch of the `kept`-th event the rules let through (counted from 0):
    /// every event before it that was skipped moves it one on. Asked only to name a refusal, so a
    /// walk over the few skipped is cheaper than an index kept for each of a million events.
    func batchIndex(ofKept kept: Int) -> Int {
        var index = kept
        for skipped in present.lazy.map(\.index) where skipped <= index { index += 1 }
        return index
    }

    /// "stdin line 2: OfferAccepted HH-007": where a rule refusal is reported.
    private func subject(_ index: Int, _ event: DomainEvent) -> String {
        "\(labels[index]): \(event.type.rawValue)\(event.envelope.household.map { " \($0)" } ?? "")"
    }

    /// How many events go through if the batch is not refused: all but those whose key is in the
    /// log already (each is either the same event, skipped, or a refusal). Known before deciding,
    /// because the batch's first line says how many follow.
    static func count(_ read: [Result<DomainEvent, InputError>], in state: LedgerState) -> Int {
        guard !state.keys.isEmpty else { return read.count }
        return read.count - read.lazy.filter { result in
            guard case .success(let event) = result, let key = event.envelope.key else { return false }
            return state.keys[key] != nil
        }.count
    }
}

/// A large batch decided a window at a time on a copy of the state, as the log store asks for
/// the events to encode: the rules for one window run while the window before is written. The
/// copy becomes the ledger's state only once the whole batch is in the log.
final class BatchDecision {
    private var rules: BatchRules
    private(set) var state: LedgerState
    private var next = 0

    init(_ rules: BatchRules, on state: LedgerState) {
        self.rules = rules
        self.state = state
    }

    var present: [Ledger.AlreadyPresent] { rules.present }

    /// The next `count` events the rules let through.
    func events(_ count: Int) throws(LedgerError) -> [PendingEvent] {
        var events: [PendingEvent] = []
        events.reserveCapacity(count)
        while events.count < count {
            precondition(next < rules.events.count, "BatchRules.count foresaw more events than the rules let through")
            if let event = try rules.decide(next, on: &state) { events.append(event) }
            next += 1
        }
        return events
    }

    /// Decides the events after the last one that went through: each is already in the log, or refuses the batch.
    func finish() throws(LedgerError) {
        while next < rules.events.count {
            let event = try rules.decide(next, on: &state)
            precondition(event == nil, "BatchRules.count foresaw fewer events than the rules let through")
            next += 1
        }
    }

    /// The label of the batch's event `index` (among those that went through).
    func label(_ index: Int) -> String { rules.labels[rules.batchIndex(ofKept: index)] }
}
