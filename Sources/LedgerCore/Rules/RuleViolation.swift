/// A business rule the event breaks: the rule's name (stable, documented in events/README.md)
/// and a message with the values involved.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: String
    public let message: String

    public init(_ rule: String, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "rule \(rule): \(message)" }
}
