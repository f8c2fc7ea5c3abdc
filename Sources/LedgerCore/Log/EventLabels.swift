/// What names each event of a batch in an error: "batch.jsonl line 7", or "event 3 of the batch".
/// Kept as numbers and spelled out only for the event an error is about: an import of a million
/// lines has a million names and needs one at most.
public struct EventLabels: Sendable {
    private enum Names: Sendable {
        /// "event N of the batch", N counted from 1.
        case positions
        /// "SOURCE line N", N from the events' line numbers (nil: event i is line i + 1).
        case lines(source: String, numbers: [Int]?)
        case given([String])
    }

    private let names: Names

    /// "event N of the batch" for each of the batch's events.
    public static var positions: EventLabels { EventLabels(names: .positions) }

    /// "SOURCE line N" for each event, `numbers` being the events' line numbers (blank lines
    /// skipped); nil when the events are the source's lines in order, every one.
    public static func lines(_ numbers: [Int]?, of source: String) -> EventLabels {
        EventLabels(names: .lines(source: source, numbers: numbers))
    }

    /// One label per event, as given.
    public init(_ labels: [String]) { names = .given(labels) }

    private init(names: Names) { self.names = names }

    public subscript(index: Int) -> String {
        switch names {
        case .positions: return "event \(index + 1) of the batch"
        case .lines(let source, let numbers): return "\(source) line \(numbers?[index] ?? index + 1)"
        case .given(let labels): return labels[index]
        }
    }
}
