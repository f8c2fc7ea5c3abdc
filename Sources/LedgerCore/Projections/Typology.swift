/// Seed 000's "Typologie huishoudens op basis van perspectief": two axes, self-reliant ↔
/// vulnerable and light ↔ severe multi-problem, four quadrants. A coach's `TypologyAssessed`
/// wins; otherwise a versioned rule derives each axis from circumstances and developments.
/// Every classification carries its source and reasons, so an analyst can see why.
public enum Typology {
    /// Bumped whenever the rule changes, so that classifications of different versions are
    /// never compared as if they were the same.
    public static let ruleVersion = "typology-v1"

    public static let quadrants = ["Nieuwe start", "Kantelpunt", "Wankel evenwicht", "Langdurig herstel"]

    public struct Classification: Codable, Equatable, Sendable {
        /// One of `quadrants`, or nil when there is nothing to classify on yet.
        public var quadrant: String?
        public var selfReliance: String?
        public var multiproblem: String?
        /// `coach` or the rule version.
        public var source: String
        public var reasons: [String]
    }

    public static func quadrant(selfReliance: String, multiproblem: String) -> String {
        switch (selfReliance, multiproblem) {
        case ("selfReliant", "light"): "Nieuwe start"
        case ("selfReliant", _): "Kantelpunt"
        case (_, "light"): "Wankel evenwicht"
        default: "Langdurig herstel"
        }
    }

    public static func classify(_ household: HouseholdStatus) -> Classification {
        if let coach = household.typologyAssessment {
            return Classification(
                quadrant: quadrant(selfReliance: coach.selfReliance, multiproblem: coach.multiproblem),
                selfReliance: coach.selfReliance, multiproblem: coach.multiproblem, source: "coach",
                reasons: ["assessed by the coach on \(CalendarDate.formatDate(days: coach.on))"] + (coach.note.map { [$0] } ?? []))
        }
        guard let causes = household.causes, let areas = household.problemAreas else {
            return Classification(quadrant: nil, selfReliance: nil, multiproblem: nil, source: ruleVersion,
                                  reasons: ["circumstances not assessed yet"])
        }
        var reasons: [String] = []
        // Self-reliance: a structural lack of means or skills makes a household vulnerable;
        // progress in financial skills or paid work counts against that.
        var vulnerability = 0
        for cause in ["structurallyLowIncome", "limitedFinancialSkills"] where causes.contains(cause) {
            vulnerability += 1
            reasons.append("cause \(cause): vulnerable")
        }
        if areas.contains("language") {
            vulnerability += 1
            reasons.append("problem area language: vulnerable")
        }
        for development in latestDevelopments(household) where ["financialSkills", "paidWork"].contains(development.area) {
            if development.direction == "improved" { vulnerability -= 1; reasons.append("\(development.area) improved: more self-reliant") }
            if development.direction == "worsened" { vulnerability += 1; reasons.append("\(development.area) worsened: vulnerable") }
        }
        let selfReliance = vulnerability > 0 ? "vulnerable" : "selfReliant"
        if vulnerability <= 0 { reasons.append("no lasting vulnerability: self-reliant") }

        // Multi-problem: debts plus at least two other problem areas, or a life that got worse
        // outside money, is severe.
        let others = areas.filter { $0 != "financial" }
        var severity = others.count >= 2 ? 1 : 0
        reasons.append("\(others.count) problem area\(others.count == 1 ? "" : "s") besides money\(others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")")
        for development in latestDevelopments(household) where development.direction == "worsened" && !["financialSkills", "paidWork"].contains(development.area) {
            severity += 1
            reasons.append("\(development.area) worsened: severe")
        }
        let multiproblem = severity > 0 ? "severe" : "light"
        return Classification(quadrant: quadrant(selfReliance: selfReliance, multiproblem: multiproblem),
                              selfReliance: selfReliance, multiproblem: multiproblem, source: ruleVersion, reasons: reasons)
    }

    /// The last development per area: a later one replaces an earlier one.
    private static func latestDevelopments(_ household: HouseholdStatus) -> [Development] {
        var latest: [String: Development] = [:]
        for development in household.developments { latest[development.area] = development }
        return latest.values.sorted { $0.seq < $1.seq }
    }
}
