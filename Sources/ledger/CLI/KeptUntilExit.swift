/// Large values a command is done with just before the process exits, kept instead of freed:
/// the system takes the memory back at exit all at once, while freeing a million imported
/// events and the state they built, one allocation at a time, took a tenth of a second.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    /// Only from the main thread, with values the command no longer touches.
    static func keep(_ value: Any) {
        values.append(value)
    }
}
