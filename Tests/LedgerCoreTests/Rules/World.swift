@testable import LedgerCore

/// Builds events for rule tests and applies them the way the ledger does (catalogue checks,
/// then the rules), keeping the state between steps.
struct World {
    var state = LedgerState()

    static func event(_ type: EventType, household: String? = "HH-001", on date: String = "2024-05-01",
                      key: String? = nil, actor: String = "coach-01", _ data: JSONObject) -> PendingEvent {
        PendingEvent(type: type, effective: CalendarDate.parseDate(date)!, actor: actor, key: key,
                     household: type.isHouseholdEvent ? household : nil, data: data)
    }

    @discardableResult
    mutating func apply(_ event: PendingEvent) throws -> DomainEvent {
        var domain = try DomainEvent(event)
        try state.apply(&domain, seq: state.seq + 1)
        return domain
    }

    mutating func apply(_ events: [PendingEvent]) throws {
        for event in events { try apply(event) }
    }

    /// A fund of 1000.00 and household HH-001 enrolled with two debts: D-001 (CJIB, 500.00) and
    /// D-002 (Menzis, 300.00).
    static func enrolled() throws -> World {
        var world = World()
        try world.apply([
            deposit(100_000),
            approach("HH-001"),
            event(.householdResponded, ["answer": "yes"]),
            enroll("HH-001"),
            debt("HH-001/D-001", 50_000, creditor: "CJIB", category: "rijksoverheid"),
            debt("HH-001/D-002", 30_000, creditor: "Menzis", category: "zorg"),
        ])
        return world
    }

    static func deposit(_ cents: Int64, fund: String = "afkoopfonds") -> PendingEvent {
        event(.fundDeposited, household: nil, actor: "program-01", ["fund": .string(fund), "amountCents": .integer(cents), "source": "gemeente"])
    }

    static func approach(_ household: String) -> PendingEvent {
        event(.householdApproached, household: household, ["channel": "letter"])
    }

    static func enroll(_ household: String) -> PendingEvent {
        event(.householdEnrolled, household: household, ["adults": 2, "minors": 1, "adultChildren": 0, "coach": "coach-01", "intensity": "intensive"])
    }

    static func debt(_ id: String, _ cents: Int64, creditor: String = "CJIB", category: String = "rijksoverheid",
                     household: String = "HH-001", lateClaim: Bool? = nil) -> PendingEvent {
        var data: JSONObject = ["debt": .string(id), "creditor": .string(creditor), "category": .string(category),
                                "originalCents": .integer(cents), "currentCents": .integer(cents), "preferential": false]
        if let lateClaim { data.members.append(.init("lateClaim", .bool(lateClaim))) }
        return event(.debtRegistered, household: household, data)
    }

    static func offer(_ id: String, debt: String, _ cents: Int64, expires: String = "2024-12-31") -> PendingEvent {
        event(.offerSent, ["offer": .string(id), "debt": .string(debt), "amountCents": .integer(cents), "expiresOn": .string(expires)])
    }

    static func accept(_ id: String, on date: String = "2024-05-01") -> PendingEvent {
        event(.offerAccepted, on: date, ["offer": .string(id)])
    }

    static func pay(_ id: String, _ cents: Int64, fund: String = "afkoopfonds") -> PendingEvent {
        event(.settlementPaid, actor: "program-01", ["offer": .string(id), "fund": .string(fund), "amountCents": .integer(cents), "paymentRef": "PAY-0001"])
    }
}
