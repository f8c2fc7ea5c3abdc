public struct FundDeposited: EventPayload {
    public static let type = EventType.fundDeposited
    public var fund: String
    public var amountCents: Int64
    public var source: String

    public init(fund: String, amountCents: Int64, source: String) {
        self.fund = fund
        self.amountCents = amountCents
        self.source = source
    }

    public init(_ r: inout DataReader) throws(InputError) {
        fund = try r.fund("fund")
        amountCents = try r.cents("amountCents", positive: true)
        source = try r.text("source")
    }

    public func write(_ w: inout DataWriter) {
        w.add("fund", fund)
        w.add("amountCents", amountCents)
        w.add("source", source)
    }
}
