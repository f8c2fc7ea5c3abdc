public struct OfferSent: EventPayload {
    public static let type = EventType.offerSent
    public var offer: String
    public var debt: String
    public var amountCents: Int64
    public var expiresOn: Int

    public init(_ r: inout DataReader) throws(InputError) {
        offer = try r.child("offer", .offer)
        debt = try r.child("debt", .debt)
        amountCents = try r.cents("amountCents", positive: true)
        expiresOn = try r.date("expiresOn")
    }

    public func write(_ w: inout DataWriter) {
        w.add("offer", offer)
        w.add("debt", debt)
        w.add("amountCents", amountCents)
        w.add("expiresOn", date: expiresOn)
    }
}

public struct OfferAccepted: EventPayload {
    public static let type = EventType.offerAccepted
    public var offer: String

    public init(_ r: inout DataReader) throws(InputError) { offer = try r.child("offer", .offer) }
    public func write(_ w: inout DataWriter) { w.add("offer", offer) }
}

public struct OfferRejected: EventPayload {
    public static let type = EventType.offerRejected
    public var offer: String
    public var reason: String

    public init(_ r: inout DataReader) throws(InputError) {
        offer = try r.child("offer", .offer)
        reason = try r.text("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("offer", offer)
        w.add("reason", reason)
    }
}

public struct OfferWithdrawn: EventPayload {
    public static let type = EventType.offerWithdrawn
    public var offer: String
    public var reason: String

    public init(_ r: inout DataReader) throws(InputError) {
        offer = try r.child("offer", .offer)
        reason = try r.text("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("offer", offer)
        w.add("reason", reason)
    }
}

public struct SettlementPaid: EventPayload {
    public static let type = EventType.settlementPaid
    public var offer: String
    public var fund: String
    public var amountCents: Int64
    public var paymentRef: String

    public init(_ r: inout DataReader) throws(InputError) {
        offer = try r.child("offer", .offer)
        fund = try r.fund("fund")
        amountCents = try r.cents("amountCents", positive: true)
        paymentRef = try r.text("paymentRef")
    }

    public func write(_ w: inout DataWriter) {
        w.add("offer", offer)
        w.add("fund", fund)
        w.add("amountCents", amountCents)
        w.add("paymentRef", paymentRef)
    }
}

public struct PaymentReversed: EventPayload {
    public static let type = EventType.paymentReversed
    public var offer: String
    public var amountCents: Int64
    public var reason: String

    public init(_ r: inout DataReader) throws(InputError) {
        offer = try r.child("offer", .offer)
        amountCents = try r.cents("amountCents", positive: true)
        reason = try r.text("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("offer", offer)
        w.add("amountCents", amountCents)
        w.add("reason", reason)
    }
}
