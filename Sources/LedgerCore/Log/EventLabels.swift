/// What names each event of a batch in an error: "batch.jsonl line 7", or "event 3 of the batch".
/// Kept as numbers and spelled out only for the event an error is about: an import of a million
/// lines has a million names and needs one at most.
public struct EventLabels: Sendable {
    private enum Names: Sendable {
        /// "event N of the batch", N counted from 1.
        case positions
        /// "SOURCE line N".
        case lines(source: String)
        case given([String])
    }

    private let names: Names
    /// Per event: its position (from 1), its line number, or its index into the given names.
    private let numbers: [Int]?

    private init(names: Names, numbers: [Int]?) {
        self.names = names
        self.numbers = numbers
    }

    /// "event N of the batch" for each of the batch's events.
    public static var positions: EventLabels { EventLabels(names: .positions, numbers: nil) }

    /// "SOURCE line N" for each event, `numbers` being the events' line numbers (blank lines skipped).
    public static func lines(_ numbers: [Int], of source: String) -> EventLabels {
        EventLabels(names: .lines(source: source), numbers: numbers)
    }

    /// One label per event, as given.
    public init(_ labels: [String]) { self.init(names: .given(labels), numbers: nil) }

    public subscript(index: Int) -> String {
        let number = numbers?[index] ?? index + 1
        switch names {
        case .positions: return "event \(number) of the batch"
        case .lines(let source): return "\(source) line \(number)"
        case .given(let labels): return labels[number - 1]
        }
    }

    /// The labels of the events at `indices`, in that order: those of the events a writer kept.
    func picking(_ indices: [Int]) -> EventLabels {
        EventLabels(names: names, numbers: indices.map { numbers?[$0] ?? $0 + 1 })
    }
}
