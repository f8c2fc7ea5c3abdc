import LedgerCore

/// Builds events for rule tests and applies them the way the ledger does (catalogue checks,
/// then the rules), keeping the state between steps.
public struct World {
    public var state = LedgerState()

    public init() {}

    public static func event(_ type: EventType, household: String? = "HH-001", on date: String = "2024-05-01",
                      key: String? = nil, actor: String = "coach-01", _ data: JSONObject) -> PendingEvent {
        PendingEvent(type: type, effective: CalendarDate.parseDate(date)!, actor: actor, key: key,
                     household: type.isHouseholdEvent ? household : nil, data: data)
    }

    @discardableResult
    public mutating func apply(_ event: PendingEvent) throws -> DomainEvent {
        var domain = try DomainEvent(event)
        try state.apply(&domain, seq: state.seq + 1)
        return domain
    }

    public mutating func apply(_ events: [PendingEvent]) throws {
        for event in events { try apply(event) }
    }

    /// A fund of 1000.00 and household HH-001 enrolled with two debts: D-001 (CJIB, 500.00) and
    /// D-002 (Menzis, 300.00).
    public static func enrolled() throws -> World {
        var world = World()
        try world.apply(enrolledEvents)
        return world
    }

    public static let enrolledEvents = [
        deposit(100_000),
        approach("HH-001"),
        event(.householdResponded, ["answer": "yes"]),
        enroll("HH-001"),
        debt("HH-001/D-001", 50_000, creditor: "CJIB", category: "rijksoverheid"),
        debt("HH-001/D-002", 30_000, creditor: "Menzis", category: "zorg"),
    ]

    public static func deposit(_ cents: Int64, fund: String = "afkoopfonds") -> PendingEvent {
        event(.fundDeposited, household: nil, actor: "program-01", ["fund": .string(fund), "amountCents": .integer(cents), "source": "gemeente"])
    }

    public static func approach(_ household: String) -> PendingEvent {
        event(.householdApproached, household: household, ["channel": "letter"])
    }

    public static func enroll(_ household: String) -> PendingEvent {
        event(.householdEnrolled, household: household, ["adults": 2, "minors": 1, "adultChildren": 0, "coach": "coach-01", "intensity": "intensive"])
    }

    public static func debt(_ id: String, _ cents: Int64, creditor: String = "CJIB", category: String = "rijksoverheid",
                     household: String = "HH-001", lateClaim: Bool? = nil) -> PendingEvent {
        var data: JSONObject = ["debt": .string(id), "creditor": .string(creditor), "category": .string(category),
                                "originalCents": .integer(cents), "currentCents": .integer(cents), "preferential": false]
        if let lateClaim { data.members.append(.init("lateClaim", .bool(lateClaim))) }
        return event(.debtRegistered, household: household, data)
    }

    public static func offer(_ id: String, debt: String, _ cents: Int64, expires: String = "2024-12-31") -> PendingEvent {
        event(.offerSent, ["offer": .string(id), "debt": .string(debt), "amountCents": .integer(cents), "expiresOn": .string(expires)])
    }

    public static func accept(_ id: String, on date: String = "2024-05-01") -> PendingEvent {
        event(.offerAccepted, on: date, ["offer": .string(id)])
    }

    public static func pay(_ id: String, _ cents: Int64, fund: String = "afkoopfonds") -> PendingEvent {
        event(.settlementPaid, actor: "program-01", ["offer": .string(id), "fund": .string(fund), "amountCents": .integer(cents), "paymentRef": "PAY-0001"])
    }
}

extension PendingEvent {
    /// The event as a line of `ledger append` input.
    public var inputLine: String {
        var object = JSONObject([
            .init("type", .string(type.rawValue)), .init("effective", .string(CalendarDate.formatDate(days: effective))),
            .init("actor", .string(actor)),
        ])
        if let key { object.members.append(.init("key", .string(key))) }
        if let household { object.members.append(.init("household", .string(household))) }
        object.members.append(.init("data", .object(data)))
        var writer = JSONWriter()
        writer.write(object)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
