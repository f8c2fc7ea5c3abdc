public struct DebtRegistered: EventPayload {
    public static let type = EventType.debtRegistered
    public var debt: String
    public var creditor: String
    public var category: DebtCategory
    public var originalCents: Int64
    public var currentCents: Int64
    public var reference: String?
    public var collector: String?
    public var preferential: Bool
    /// Derived by the ledger when left out: true exactly when the household's inventory was
    /// already completed.
    public var lateClaim: Bool?

    public init(_ r: inout DataReader) throws(InputError) {
        debt = try r.child("debt", .debt)
        creditor = try r.text("creditor")
        category = try r.choice("category", DebtCategory.self)
        originalCents = try r.cents("originalCents", positive: false)
        currentCents = try r.cents("currentCents", positive: false)
        reference = try r.optionalText("reference")
        collector = try r.optionalText("collector")
        preferential = try r.bool("preferential")
        lateClaim = try r.optionalBool("lateClaim")
    }

    public func write(_ w: inout DataWriter) {
        w.add("debt", debt)
        w.add("creditor", creditor)
        w.add("category", category)
        w.add("originalCents", originalCents)
        w.add("currentCents", currentCents)
        w.add("reference", reference)
        w.add("collector", collector)
        w.add("preferential", preferential)
        if let lateClaim { w.add("lateClaim", lateClaim) }
    }
}

public struct BalanceRequested: EventPayload {
    public static let type = EventType.balanceRequested
    public var debt: String

    public init(_ r: inout DataReader) throws(InputError) { debt = try r.child("debt", .debt) }
    public func write(_ w: inout DataWriter) { w.add("debt", debt) }
}

public struct BalanceConfirmed: EventPayload {
    public static let type = EventType.balanceConfirmed
    public var debt: String
    public var currentCents: Int64

    public init(_ r: inout DataReader) throws(InputError) {
        debt = try r.child("debt", .debt)
        currentCents = try r.cents("currentCents", positive: false)
    }

    public func write(_ w: inout DataWriter) {
        w.add("debt", debt)
        w.add("currentCents", currentCents)
    }
}

public struct DebtCorrected: EventPayload {
    public static let type = EventType.debtCorrected
    public var debt: String
    public var creditor: String
    public var category: DebtCategory
    public var currentCents: Int64
    public var reason: String

    public init(_ r: inout DataReader) throws(InputError) {
        debt = try r.child("debt", .debt)
        creditor = try r.text("creditor")
        category = try r.choice("category", DebtCategory.self)
        currentCents = try r.cents("currentCents", positive: false)
        reason = try r.text("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("debt", debt)
        w.add("creditor", creditor)
        w.add("category", category)
        w.add("currentCents", currentCents)
        w.add("reason", reason)
    }
}

public struct CostsAdded: EventPayload {
    public static let type = EventType.costsAdded
    public var debt: String
    public var amountCents: Int64
    public var kind: CostKind

    public init(_ r: inout DataReader) throws(InputError) {
        debt = try r.child("debt", .debt)
        amountCents = try r.cents("amountCents", positive: true)
        kind = try r.choice("kind", CostKind.self)
    }

    public func write(_ w: inout DataWriter) {
        w.add("debt", debt)
        w.add("amountCents", amountCents)
        w.add("kind", kind)
    }
}

public struct InventoryCompleted: EventPayload {
    public static let type = EventType.inventoryCompleted
    public var debtCount: Int64
    public var totalCents: Int64

    public init(_ r: inout DataReader) throws(InputError) {
        debtCount = try r.integer("debtCount", 0...100_000)
        totalCents = try r.cents("totalCents", positive: false)
    }

    public func write(_ w: inout DataWriter) {
        w.add("debtCount", debtCount)
        w.add("totalCents", totalCents)
    }
}

public struct DebtResolved: EventPayload {
    public static let type = EventType.debtResolved
    public var debt: String
    public var how: Resolution

    public init(_ r: inout DataReader) throws(InputError) {
        debt = try r.child("debt", .debt)
        how = try r.choice("how", Resolution.self)
    }

    public func write(_ w: inout DataWriter) {
        w.add("debt", debt)
        w.add("how", how)
    }
}
