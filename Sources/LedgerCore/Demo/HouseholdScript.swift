/// What happens to one debt in the demo.
struct DebtPlan {
    enum Fate {
        /// Bought off by the fund for `paidCents`; `rejectedFirst` when a lower offer was refused first.
        case boughtOff(paidCents: Int64, rejectedFirst: Bool)
        case resolved(Resolution)
        /// Still open at the end; an offer may have been refused, or may still be waiting.
        case open(offer: OpenOffer)
    }

    enum OpenOffer { case none, rejected, pending }

    var id: String
    var creditor: String
    var category: DebtCategory
    /// The amount at the end: what the report adds up.
    var finalCents: Int64
    var fate: Fate
    var lateClaim = false
    var balanceCheck = false
    var costsCents: Int64 = 0
}

/// One household's story, turned into events in causal order with their business dates.
struct HouseholdScript {
    var id: String
    var approachedOn: Int
    var channel: Channel
    var answer: Answer
    var reason: String?
    var enrolment: Enrolment?
    var debts: [DebtPlan] = []
    /// The household's inventory is completed (false: still running at the end).
    var inventoried = false
    var pause = false

    struct Enrolment {
        var adults: Int64, minors: Int64, adultChildren: Int64
        var coach: String
        var intensity: Intensity
        var causes: [Cause]?
        var problemAreas: [ProblemArea] = []
        var priorHelp: [PriorHelp] = []
        var coachTypology: (SelfReliance, Multiproblem)?
        var newCoach: String?
    }

    /// An event with its business date; `order` keeps causal order among events of one day.
    struct Scheduled {
        var day: Int
        var order: Int
        var event: PendingEvent
    }

    func events(until end: Int, random r: inout SplitMix64) -> [Scheduled] {
        var out: [Scheduled] = []
        func add(_ day: Int, _ type: EventType, actor: String? = nil, key: String? = nil, _ data: JSONObject) {
            let event = PendingEvent(type: type, effective: day, actor: actor ?? enrolment?.coach ?? "coach-01", key: key, household: id, data: data)
            out.append(Scheduled(day: day, order: out.count, event: event))
        }
        add(approachedOn, .householdApproached, ["channel": .string(channel.rawValue)])
        let answeredOn = approachedOn + r.int(3...10)
        var response: JSONObject = ["answer": .string(answer.rawValue)]
        if let reason { response.members.append(.init("reason", .string(reason))) }
        add(answeredOn, .householdResponded, response)
        guard let enrolment else { return out }

        let enrolledOn = answeredOn + r.int(5...12)
        add(enrolledOn, .householdEnrolled, [
            "adults": .integer(enrolment.adults), "minors": .integer(enrolment.minors), "adultChildren": .integer(enrolment.adultChildren),
            "coach": .string(enrolment.coach), "intensity": .string(enrolment.intensity.rawValue),
        ])
        let remaining = end - enrolledOn
        if let causes = enrolment.causes {
            add(enrolledOn + r.int(5...12), .circumstancesAssessed, [
                "causes": .array(causes.map { .string($0.rawValue) }), "problemAreas": .array(enrolment.problemAreas.map { .string($0.rawValue) }),
                "priorHelp": .array(enrolment.priorHelp.map { .string($0.rawValue) }),
            ])
        }
        if let (selfReliance, multiproblem) = enrolment.coachTypology {
            add(enrolledOn + r.int(20...40), .typologyAssessed, ["selfReliance": .string(selfReliance.rawValue), "multiproblem": .string(multiproblem.rawValue)])
        }
        if let newCoach = enrolment.newCoach {
            add(enrolledOn + remaining / 2, .coachAssigned, ["coach": .string(newCoach), "intensity": .string(enrolment.intensity.rawValue)])
        }
        for _ in 0..<r.int(0...3) where remaining > 60 {
            add(enrolledOn + r.int(40...(remaining - 5)), .developmentRecorded, [
                "area": .string(r.pick(DevelopmentArea.allCases).rawValue),
                "direction": .string(r.chance(0.7) ? "improved" : r.chance(0.5) ? "unchanged" : "worsened"),
            ])
        }

        // The inventory: debts registered in the first weeks, closed at about a third of the time left.
        let inventoryOn = enrolledOn + max(25, remaining * 3 / 10)
        let registrationWindow = max(8, (inventoryOn - enrolledOn) * 2 / 3)
        let pauseFrom = enrolledOn + registrationWindow / 2 + 3
        let pausing = pause && inventoryOn - pauseFrom > 20
        var pausedDebts: [String] = []
        var ready: [String: Int] = [:]  // day from which a debt may get an offer or a resolution
        for debt in debts {
            let registeredOn = debt.lateClaim && inventoried
                ? inventoryOn + r.int(4...max(5, min(40, (end - inventoryOn) / 3)))
                : enrolledOn + 2 + r.int(0...registrationWindow)
            let atRegistration = debt.finalCents - debt.costsCents
            let registered = debt.balanceCheck ? max(100, Int64(Double(atRegistration) * (0.85 + 0.2 * r.unit()))) : atRegistration
            var data: JSONObject = [
                "debt": .string(debt.id), "creditor": .string(debt.creditor), "category": .string(debt.category.rawValue),
                "originalCents": .integer(max(100, Int64(Double(registered) * (0.6 + 0.4 * r.unit())))), "currentCents": .integer(registered),
            ]
            if r.chance(0.3) { data.members.append(.init("reference", .string("\(debt.category == .rijksoverheid ? "RK" : "KM")-\(r.int(100_000...999_999))"))) }
            data.members.append(.init("preferential", .bool(debt.category == .rijksoverheid)))
            add(registeredOn, .debtRegistered, data)
            var last = registeredOn
            if debt.balanceCheck {
                let requested = registeredOn + r.int(1...4)
                let answered = requested + (debt.category == .rijksoverheid ? r.int(15...75) : r.int(4...40))
                add(requested, .balanceRequested, ["debt": .string(debt.id)])
                let confirmed = max(requested + 1, min(answered, end - 12))
                add(confirmed, .balanceConfirmed, ["debt": .string(debt.id), "currentCents": .integer(atRegistration)])
                last = confirmed
            }
            if pausing && registeredOn < pauseFrom && !debt.lateClaim && pausedDebts.count < 5 && debt.category != .rijksoverheid {
                pausedDebts.append(debt.id)
            }
            if debt.costsCents > 0 {
                // Collection costs pile up before the inventory — under the pause, for paused debts.
                let paused = pausedDebts.contains(debt.id)
                let from = paused ? pauseFrom + 1 : last + 1
                let day = max(last + 1, min(from + r.int(0...15), inventoryOn - 1))
                add(day, .costsAdded, ["debt": .string(debt.id), "amountCents": .integer(debt.costsCents), "kind": .string(r.pick(CostKind.allCases).rawValue)])
                last = day
            }
            ready[debt.id] = max(last, debt.lateClaim ? registeredOn : inventoryOn) + 1
        }
        if pausing && !pausedDebts.isEmpty {
            add(pauseFrom, .pauseInvoked, ["pause": .string("\(id)/P-1"), "debts": .array(pausedDebts.map { .string($0) }),
                                           "from": .string(CalendarDate.formatDate(days: pauseFrom)),
                                           "until": .string(CalendarDate.formatDate(days: pauseFrom + 183))])
            if r.chance(0.4), pauseFrom + 120 < end {
                add(pauseFrom + r.int(90...120), .pauseLifted, ["pause": .string("\(id)/P-1"), "reason": "alle schuldeisers akkoord"])
            }
        }
        guard inventoried else { return out.sorted { ($0.day, $0.order) < ($1.day, $1.order) } }
        // Counted once every event has its day (below).
        add(inventoryOn, .inventoryCompleted, ["debtCount": 0, "totalCents": 0])
        let inventoryIndex = out.count - 1

        // Fates: offers, acceptances and payments, or other resolutions, after the inventory.
        var offers = 0
        func nextOffer() -> String {
            offers += 1
            return "\(id)/O-\(offers < 10 ? "00" : offers < 100 ? "0" : "")\(offers)"
        }
        for debt in debts {
            let earliest = ready[debt.id]!
            let latest = end - 20
            guard earliest < latest else { continue }
            let slow = debt.category == .rijksoverheid
            let start = min(latest, earliest + (slow ? r.int(30...150) : r.int(3...60)))
            switch debt.fate {
            case .boughtOff(let paid, let rejectedFirst):
                var day = start
                if rejectedFirst && day + 30 < latest {
                    let offer = nextOffer()
                    add(day, .offerSent, ["offer": .string(offer), "debt": .string(debt.id), "amountCents": .integer(max(1, paid * 7 / 10)),
                                          "expiresOn": .string(CalendarDate.formatDate(days: day + 30))])
                    day += r.int(5...15)
                    add(day, .offerRejected, ["offer": .string(offer), "reason": "bod te laag"])
                    day += r.int(3...10)
                }
                let offer = nextOffer()
                add(day, .offerSent, ["offer": .string(offer), "debt": .string(debt.id), "amountCents": .integer(paid),
                                      "expiresOn": .string(CalendarDate.formatDate(days: day + 30))])
                day += r.int(2...min(20, max(2, (end - day) / 3)))
                add(day, .offerAccepted, ["offer": .string(offer)])
                day = min(end, day + r.int(2...8))
                add(day, .settlementPaid, actor: "program-01", key: "pay/\(offer)", [
                    "offer": .string(offer), "fund": "afkoopfonds", "amountCents": .integer(paid), "paymentRef": .string("PAY-\(offer.replacingSlash)"),
                ])
            case .resolved(let how):
                add(start, .debtResolved, ["debt": .string(debt.id), "how": .string(how.rawValue)])
            case .open(.rejected):
                let offer = nextOffer()
                add(start, .offerSent, ["offer": .string(offer), "debt": .string(debt.id), "amountCents": .integer(max(1, debt.finalCents / 4)),
                                        "expiresOn": .string(CalendarDate.formatDate(days: start + 30))])
                add(start + r.int(5...18), .offerRejected, ["offer": .string(offer), "reason": "schuldeiser wil volledige betaling"])
            case .open(.pending):
                let day = max(earliest, end - r.int(5...19))
                let offer = nextOffer()
                add(day, .offerSent, ["offer": .string(offer), "debt": .string(debt.id), "amountCents": .integer(max(1, debt.finalCents / 3)),
                                      "expiresOn": .string(CalendarDate.formatDate(days: day + 30))])
            case .open(.none):
                break
            }
        }

        // Now that the day of every event is known, the inventory states what was registered by then.
        out.sort { ($0.day, $0.order) < ($1.day, $1.order) }
        var current: [String: Int64] = [:]
        for item in out {
            if item.event.type == .inventoryCompleted { break }
            let data = item.event.data
            guard case .string(let debt)? = data["debt"] else { continue }
            switch item.event.type {
            case .debtRegistered, .balanceConfirmed:
                if case .integer(let cents)? = data["currentCents"] { current[debt] = cents }
            case .costsAdded:
                if case .integer(let cents)? = data["amountCents"] { current[debt, default: 0] += cents }
            default: break
            }
        }
        if let index = out.firstIndex(where: { $0.order == inventoryIndex }) {
            out[index].event.data = ["debtCount": .integer(Int64(current.count)), "totalCents": .integer(current.values.reduce(0, +))]
        }
        return out
    }
}

extension String {
    var replacingSlash: String { String(map { $0 == "/" ? "-" : $0 }) }
}
