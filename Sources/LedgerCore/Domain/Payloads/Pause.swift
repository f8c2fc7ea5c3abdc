public struct PauseInvoked: EventPayload {
    public static let type = EventType.pauseInvoked
    public var pause: String
    public var debts: [String]
    public var from: Int
    public var until: Int

    public init(_ r: inout DataReader) throws(InputError) {
        pause = try r.child("pause", .pause)
        debts = try r.childList("debts", .debt)
        from = try r.date("from")
        until = try r.date("until")
    }

    public func write(_ w: inout DataWriter) {
        w.add("pause", pause)
        w.add("debts", debts)
        w.add("from", date: from)
        w.add("until", date: until)
    }
}

public struct PauseLifted: EventPayload {
    public static let type = EventType.pauseLifted
    public var pause: String
    public var reason: String

    public init(_ r: inout DataReader) throws(InputError) {
        pause = try r.child("pause", .pause)
        reason = try r.text("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("pause", pause)
        w.add("reason", reason)
    }
}
