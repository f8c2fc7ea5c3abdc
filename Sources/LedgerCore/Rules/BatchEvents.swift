import CSupport
import Dispatch

/// A batch's events read against the catalogue, as the rules take them: in order, each once.
/// Either all read at once on every core, or — for a large batch that no idempotency key in
/// the log can shorten, so that its length is known before it is read — a part at a time, the
/// next part on every core while the rules decide this one. Streamed, the reading overlaps the
/// rules, the encoding and the writing instead of coming before them all, and a batch of any
/// size holds two parts of events in memory instead of every event (192 bytes each, plus its
/// `data`: a million-event import held 500 MB).
public final class BatchEvents: @unchecked Sendable {  // touched by the deciding thread only, but for `Ahead`
    public let count: Int
    /// Reads event `index` (nil when the events were given read).
    private let read: (@Sendable (Int) -> Result<DomainEvent, InputError>)?
    /// Every event, once read all at once.
    private(set) var all: [Result<DomainEvent, InputError>]?

    /// How many events a part streamed has.
    let partEvents: Int
    /// The part the rules are in, and where it starts in the batch.
    private var part = Part()
    private var partStart = 0
    /// The part after it, being read on `reader`.
    private var ahead: Ahead?
    private final class Ahead: @unchecked Sendable {  // written on `reader`, read after `done`
        var part = Part()
        let done = DispatchSemaphore(value: 0)
    }
    /// A part's events, and each one's `householdKey` (-1 for none or an event read badly): the
    /// rules look ahead at these without copying events.
    private struct Part {
        var events: [Result<DomainEvent, InputError>] = []
        var householdKeys: [Int64] = []
    }
    private lazy var reader = DispatchQueue(label: "ledger.batch-reader")  // only a streamed batch needs it

    /// Events read already.
    public init(_ events: [Result<DomainEvent, InputError>]) {
        count = events.count
        read = nil
        all = events
        partEvents = 0
    }

    /// `count` events, event `index` read by `read(index)` (from any thread) when it is due;
    /// streamed `partEvents` at a time.
    public init(count: Int, partEvents: Int = 32_768, read: @escaping @Sendable (Int) -> Result<DomainEvent, InputError>) {
        self.count = count
        self.partEvents = partEvents
        self.read = read
        all = nil
    }

    deinit { ahead?.done.wait() }  // `read` may use memory its caller frees after this

    /// Whether the events could still be streamed: none was read yet, and there are a few parts of them.
    var canStream: Bool { all == nil && part.events.isEmpty && count >= 2 * partEvents }

    /// Whether they are streamed onto `state`: only when no key in it can make an event one the
    /// log has already, so that the batch's length is known before it is read.
    func streams(onto state: LedgerState) -> Bool { canStream && state.keys.isEmpty }

    /// Every event, read now (on every core) unless it was already.
    func readAll() -> [Result<DomainEvent, InputError>] {
        if let all { return all }
        precondition(part.events.isEmpty, "a batch being streamed cannot be read all at once")
        let events = Parallel.map(count, balanced: true, read!)
        all = events
        return events
    }

    /// The events read so far of a batch being streamed (its first part, before the rules start).
    var firstEvents: [Result<DomainEvent, InputError>] {
        if all == nil && part.events.isEmpty && count > 0 { nextPart(from: 0) }
        return all ?? part.events
    }

    /// Event `index`, for the rules, which take each event once and in order: all events once
    /// read, else streamed — and then moved out of its part rather than copied (a copy of an
    /// event retains and later releases what it holds, on a million events a few percent of
    /// the import's CPU).
    func take(_ index: Int) -> Result<DomainEvent, InputError> {
        if let all { return all[index] }
        if index >= partStart + part.events.count { nextPart(from: index) }
        var event = Result<DomainEvent, InputError>.failure(Self.taken)
        swap(&event, &part.events[index - partStart])
        return event
    }
    private static let taken = InputError("taken by the rules already")

    /// The household key of event `index` of a streamed batch if it is in the part read
    /// (-1 otherwise): for looking up a few events ahead of the rules.
    func householdKey(ifRead index: Int) -> Int64 {
        let inPart = index - partStart
        return inPart < part.householdKeys.count ? part.householdKeys[inPart] : -1
    }

    /// Takes the part from `start` (read ahead, or read now) and sets the one after it reading.
    private func nextPart(from start: Int) {
        precondition(start == partStart + part.events.count, "a streamed batch is read in order")
        if let ahead {
            ahead.done.wait()
            part = ahead.part
            self.ahead = nil
        } else {
            // The first part. A streamed batch is read, decided, encoded and written a few
            // megabytes at a time: buffers up to 32 MiB now stay in the heap when freed, so each
            // part takes the pages the one before faulted in (handed back to the system, they
            // cost a million-event import a fifth of a second of kernel time again).
            ledger_return_large_buffers(32 << 20, 256 << 20)
            part = readPart(from: start)
        }
        partStart = start
        let following = start + part.events.count
        guard following < count else { return }
        let next = Ahead()
        ahead = next
        reader.async { [self] in
            next.part = readPart(from: following)
            next.done.signal()
        }
    }

    private func readPart(from start: Int) -> Part {
        let read = read!
        let count = min(partEvents, self.count - start)
        var part = Part(householdKeys: [Int64](repeating: -1, count: count))
        part.events = part.householdKeys.withUnsafeMutableBufferPointer { keys in
            let keys = keys  // each event's slot is written by the thread that reads it
            return Parallel.map(count, balanced: true) { index in
                let event = read(start + index)
                if case .success(let read) = event { keys[index] = read.householdKey }
                return event
            }
        }
        return part
    }
}
