/// The closed lists of DESIGN.md's catalogue. An event takes only these values.
public enum Channel: String, CaseIterable, Sendable { case doorToDoor, letter, phone, referral, earlySignal, event, other }
public enum Answer: String, CaseIterable, Sendable { case yes, maybe, no }
public enum Intensity: String, CaseIterable, Sendable { case intensive, average, minimal }
public enum Cause: String, CaseIterable, Sendable { case structurallyLowIncome, incomeDrop, limitedFinancialSkills, lifeEvent }
public enum ProblemArea: String, CaseIterable, Sendable { case financial, family, language, health }
public enum PriorHelp: String, CaseIterable, Sendable {
    case financialAid, neighbourhoodCoach, mentalHealthCare, youthCare, workAndIncome, wmoSupport, none
}
public enum SelfReliance: String, CaseIterable, Sendable { case selfReliant, vulnerable }
public enum Multiproblem: String, CaseIterable, Sendable { case light, severe }
public enum DevelopmentArea: String, CaseIterable, Sendable {
    case education, newDebts, language, paidWork, parenting, financialSkills
}
public enum Direction: String, CaseIterable, Sendable { case improved, worsened, unchanged }
public enum DebtCategory: String, CaseIterable, Sendable {
    case rijksoverheid, wonen, zorg, energie, gemeente, onderwijs, telecom, overig
}
public enum CostKind: String, CaseIterable, Sendable { case fine, collectionCosts, interest }
public enum Resolution: String, CaseIterable, Sendable { case paidOff, waived, cancelled }
public enum RepaymentKind: String, CaseIterable, Sendable { case money, contribution }
public enum ExitReason: String, CaseIterable, Sendable { case debtFree, droppedOut, moved, other }
