import LedgerCore

struct DemoCommand: Command {
    static let name = "demo"
    static let summary = "write the Immerloo demo log, or a synthetic program of N households"
    static let synopsis = "demo --out FILE [--households N] [--seed S]"
    static let discussion = """
        Without --households: the story of seed 000's first year (April 2024 – April 2025),
        committed as events/immerloo.jsonl, whose report gives exactly the seed figures. With
        --households N: a synthetic program of N approached households with the same
        distributions (12,000 give about a million events), for benchmarks. Deterministic: the
        same arguments give the same bytes. Every event goes through the same append path, the
        catalogue and the rules, as any other writer's. Never overwrites FILE.
        """
    static let options = [
        OptionSpec("out", value: "FILE", "the new log to write"),
        OptionSpec("households", value: "N", "a synthetic program of N approached households"),
        OptionSpec("seed", value: "S", "the random seed (default \(DemoProgram.defaultSeed))"),
    ]

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        guard let out = arguments.value("out") else { throw arguments.usageError("--out FILE is required") }
        var seed = DemoProgram.defaultSeed
        if let text = arguments.value("seed") {
            guard let value = UInt64(text) else { throw arguments.usageError("--seed \(text) is not a whole number") }
            seed = value
        }
        let batches: [DemoProgram.Batch]
        var batchDays = 1
        if let text = arguments.value("households") {
            guard let households = Int(text), (1...2_000_000).contains(households) else {
                throw arguments.usageError("--households \(text) is not a number of households between 1 and 2000000")
            }
            batches = DemoProgram.synthetic(households: households, seed: seed)
            // Large programs are appended a month at a time: every append replays the log so far.
            batchDays = households > 500 ? 30 : 1
        } else {
            batches = DemoProgram.immerloo(seed: seed)
        }
        try DemoProgram.write(batches, to: out, batchDays: batchDays)
        let events = batches.reduce(0) { $0 + $1.events.count }
        context.print("wrote \(events) events to \(out)")
    }
}
