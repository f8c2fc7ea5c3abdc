/// An event whose envelope and `data` passed the catalogue's checks: pseudonymous ids, typed
/// fields, no personal data in free text. Its `data` is in the catalogue's key order.
public struct DomainEvent: Equatable, Sendable {
    public private(set) var envelope: PendingEvent
    public private(set) var payload: Payload
    /// The household's id as a number (`PseudonymKey`; -1 for a fund event): what the rules
    /// look households up by, worked out on the reading threads rather than the deciding one.
    let householdKey: Int64

    /// Takes `event` over: a million-event import reads each on one core and decides it on
    /// another, and a copy retained and released its strings and data there.
    public init(_ event: consuming PendingEvent) throws(InputError) {
        guard Pseudonym.isActor(event.actor) else {
            throw InputError("actor \"\(event.actor)\" is not a pseudonym (\(Pseudonym.actorShape))")
        }
        if let household = event.household {
            guard let key = PseudonymKey.household(household) else {
                throw InputError("household \"\(household)\" is not a pseudonym (\(Pseudonym.householdShape))")
            }
            householdKey = key
        } else {
            householdKey = -1
        }
        let payload = try Payload.read(event.type, event.data, household: event.household)
        // Most data comes in the catalogue's order already: checked, not built again.
        if !DataWriter.writes(payload.body, exactly: event.data) { event.data = payload.data }
        self.payload = payload
        envelope = consume event
    }

    public var type: EventType { envelope.type }
    public var effective: Int { envelope.effective }
    /// Household events always have one (the envelope checks it); fund events have "".
    public var household: String { envelope.household ?? "" }

    /// Sets a field the ledger derives (so far only `DebtRegistered.lateClaim`).
    mutating func derive(_ payload: Payload) {
        self.payload = payload
        envelope.data = payload.data
    }

    /// What makes a retry "the same event" for idempotency: type, household and data, without
    /// fields the ledger derives and without the dates and actor a retry may legitimately change.
    public var identity: Digest {
        var identityPayload = payload
        if case .debtRegistered(var debt) = identityPayload {
            debt.lateClaim = nil
            identityPayload = .debtRegistered(debt)
        }
        var w = JSONWriter()
        w.write(type.rawValue)
        w.write(household)
        w.write(identityPayload.data)
        return w.withBytes { SHA256.hash($0) }
    }
}
