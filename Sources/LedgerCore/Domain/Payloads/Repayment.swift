public struct RepaymentAgreed: EventPayload {
    public static let type = EventType.repaymentAgreed
    public var monthlyCents: Int64
    public var months: Int64
    public var inKind: Bool

    public init(_ r: inout DataReader) throws(InputError) {
        monthlyCents = try r.cents("monthlyCents", positive: true)
        months = try r.integer("months", 1...600)
        inKind = try r.bool("inKind")
    }

    public func write(_ w: inout DataWriter) {
        w.add("monthlyCents", monthlyCents)
        w.add("months", months)
        w.add("inKind", inKind)
    }
}

public struct RepaymentReceived: EventPayload {
    public static let type = EventType.repaymentReceived
    public var amountCents: Int64
    public var kind: RepaymentKind

    public init(_ r: inout DataReader) throws(InputError) {
        amountCents = try r.cents("amountCents", positive: true)
        kind = try r.choice("kind", RepaymentKind.self)
    }

    public func write(_ w: inout DataWriter) {
        w.add("amountCents", amountCents)
        w.add("kind", kind)
    }
}
