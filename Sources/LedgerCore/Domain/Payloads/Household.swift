public struct HouseholdApproached: EventPayload {
    public static let type = EventType.householdApproached
    public var channel: Channel

    public init(_ r: inout DataReader) throws(InputError) { channel = try r.choice("channel", Channel.self) }
    public func write(_ w: inout DataWriter) { w.add("channel", channel) }
}

public struct HouseholdResponded: EventPayload {
    public static let type = EventType.householdResponded
    public var answer: Answer
    public var reason: String?

    public init(_ r: inout DataReader) throws(InputError) {
        answer = try r.choice("answer", Answer.self)
        reason = try r.optionalText("reason")
    }

    public func write(_ w: inout DataWriter) {
        w.add("answer", answer)
        w.add("reason", reason)
    }
}

public struct HouseholdEnrolled: EventPayload {
    public static let type = EventType.householdEnrolled
    public var adults: Int64
    public var minors: Int64
    public var adultChildren: Int64
    public var coach: String
    public var intensity: Intensity

    public init(_ r: inout DataReader) throws(InputError) {
        adults = try r.integer("adults", 1...40)
        minors = try r.integer("minors", 0...40)
        adultChildren = try r.integer("adultChildren", 0...40)
        coach = try r.coach("coach")
        intensity = try r.choice("intensity", Intensity.self)
    }

    public func write(_ w: inout DataWriter) {
        w.add("adults", adults)
        w.add("minors", minors)
        w.add("adultChildren", adultChildren)
        w.add("coach", coach)
        w.add("intensity", intensity)
    }

    public var people: Int64 { adults + minors + adultChildren }
}

public struct CoachAssigned: EventPayload {
    public static let type = EventType.coachAssigned
    public var coach: String
    public var intensity: Intensity

    public init(_ r: inout DataReader) throws(InputError) {
        coach = try r.coach("coach")
        intensity = try r.choice("intensity", Intensity.self)
    }

    public func write(_ w: inout DataWriter) {
        w.add("coach", coach)
        w.add("intensity", intensity)
    }
}

public struct CircumstancesAssessed: EventPayload {
    public static let type = EventType.circumstancesAssessed
    public var causes: [Cause]
    public var problemAreas: [ProblemArea]
    public var priorHelp: [PriorHelp]

    public init(_ r: inout DataReader) throws(InputError) {
        causes = try r.choices("causes", Cause.self)
        problemAreas = try r.choices("problemAreas", ProblemArea.self)
        priorHelp = try r.choices("priorHelp", PriorHelp.self)
        if priorHelp.contains(.none) && priorHelp.count > 1 {
            throw InputError("data.priorHelp lists none together with other help")
        }
    }

    public func write(_ w: inout DataWriter) {
        w.add("causes", causes)
        w.add("problemAreas", problemAreas)
        w.add("priorHelp", priorHelp)
    }
}

public struct TypologyAssessed: EventPayload {
    public static let type = EventType.typologyAssessed
    public var selfReliance: SelfReliance
    public var multiproblem: Multiproblem
    public var note: String?

    public init(_ r: inout DataReader) throws(InputError) {
        selfReliance = try r.choice("selfReliance", SelfReliance.self)
        multiproblem = try r.choice("multiproblem", Multiproblem.self)
        note = try r.optionalText("note")
    }

    public func write(_ w: inout DataWriter) {
        w.add("selfReliance", selfReliance)
        w.add("multiproblem", multiproblem)
        w.add("note", note)
    }
}

public struct DevelopmentRecorded: EventPayload {
    public static let type = EventType.developmentRecorded
    public var area: DevelopmentArea
    public var direction: Direction
    public var note: String?

    public init(_ r: inout DataReader) throws(InputError) {
        area = try r.choice("area", DevelopmentArea.self)
        direction = try r.choice("direction", Direction.self)
        note = try r.optionalText("note")
    }

    public func write(_ w: inout DataWriter) {
        w.add("area", area)
        w.add("direction", direction)
        w.add("note", note)
    }
}

public struct HouseholdExited: EventPayload {
    public static let type = EventType.householdExited
    public var reason: ExitReason
    public var note: String?

    public init(_ r: inout DataReader) throws(InputError) {
        reason = try r.choice("reason", ExitReason.self)
        note = try r.optionalText("note")
    }

    public func write(_ w: inout DataWriter) {
        w.add("reason", reason)
        w.add("note", note)
    }
}
