import LedgerCore

struct TypologyCommand: Command {
    static let name = "typology"
    static let summary = "the 2×2 typology matrix of the enrolled households, with reasons"
    static let synopsis = "typology [--log FILE] [--as-of DATE | --as-of-seq N] [--json]"
    static let options = ReadArguments.options

    struct TypologyJSON: Encodable {
        var rule: String
        var counts: [String: Int]
        var unclassified: Int
        var households: [String: Typology.Classification]
    }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let (result, _) = try ReadArguments.load(arguments, context)
        var counts = Dictionary(uniqueKeysWithValues: Typology.quadrants.map { ($0, 0) })
        var classifications: [String: Typology.Classification] = [:]
        for household in result.projection.households.values where household.isEnrolled {
            let classification = Typology.classify(household)
            classifications[household.id] = classification
            if let quadrant = classification.quadrant { counts[quadrant, default: 0] += 1 }
        }
        let unclassified = classifications.values.filter { $0.quadrant == nil }.count
        if arguments.flag("json") {
            context.print(try Display.json(TypologyJSON(rule: Typology.ruleVersion, counts: counts, unclassified: unclassified, households: classifications)))
            return
        }
        func cell(_ name: String) -> String { "\(name): \(counts[name] ?? 0)" }
        var lines = [
            "Typology of \(classifications.count) enrolled households (\(ReadArguments.moment(result, arguments)); rule \(Typology.ruleVersion), a coach's assessment wins)",
            "",
            Display.table([
                ["", "light multi-problem", "severe multi-problem"],
                ["self-reliant", cell("Nieuwe start"), cell("Kantelpunt")],
                ["vulnerable", cell("Wankel evenwicht"), cell("Langdurig herstel")],
            ]),
        ]
        if unclassified > 0 { lines.append("not classified yet: \(unclassified)") }
        lines.append("")
        for (id, classification) in classifications.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(id)  \(classification.quadrant ?? "-")  (\(classification.source): \(classification.reasons.joined(separator: "; ")))")
        }
        context.print(lines.joined(separator: "\n"))
    }
}
