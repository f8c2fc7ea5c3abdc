/// How a read builds its projection: from a checkpoint plus the events after it, or by
/// replaying the whole log.
public struct ReadOptions: Sendable {
    /// Only events whose business date is on or before this day.
    public var asOf: Int?
    /// Only events up to this seq: the log as it stood then.
    public var asOfSeq: Int64?
    /// Ignore checkpoints and replay everything (audits, benchmarks).
    public var fromScratch = false
    /// The `projections/` directory whose checkpoint may be used.
    public var projections: String?
    /// Only this household is needed (a coach's view): the read takes it alone from the
    /// checkpoint and folds only its events, so it costs the same on a log of any size.
    public var household: String?

    public init(asOf: Int? = nil, asOfSeq: Int64? = nil, fromScratch: Bool = false, projections: String? = nil) {
        self.asOf = asOf
        self.asOfSeq = asOfSeq
        self.fromScratch = fromScratch
        self.projections = projections
    }
}

/// A read: the compact model it folded, and the projection and report of it, each made the
/// first time it is asked for (`report --json` never materialises the projection).
public final class ReadResult {
    public let model: CompactProjection
    /// Where the verified log ends.
    public let position: LogPosition
    /// The checkpoint the read started from, if any.
    public let checkpoint: ProjectionFiles.Checkpoint?
    /// Set when the log has a torn tail: the read shows the log without it.
    public let warning: String?

    public private(set) lazy var projection = ProgramProjection(model)
    public private(set) lazy var report = ProgramReport(model)

    init(model: CompactProjection, position: LogPosition, checkpoint: ProjectionFiles.Checkpoint?, warning: String?) {
        self.model = model
        self.position = position
        self.checkpoint = checkpoint
        self.warning = warning
    }
}

public enum ReadModel {
    public static func load(_ store: LogStore, _ options: ReadOptions) throws(LedgerError) -> ReadResult {
        var start = (CompactProjection(), LogPosition.start)
        var checkpoint: ProjectionFiles.Checkpoint?
        let files = options.projections.map(ProjectionFiles.init(directory:))
        if !options.fromScratch, options.asOf == nil, options.asOfSeq == nil, let files,
           let (projection, saved) = options.household.map(files.load(household:)) ?? files.load(),
           let head = Digest(hex: saved.head), let model = CompactProjection(projection) {
            let position = LogPosition(offset: saved.offset, seq: saved.seq, head: head)
            // A checkpoint of another log, or of a log since rewritten, is never trusted.
            if store.confirms(position) {
                start = (model, position)
                checkpoint = saved
            }
        }
        var fold = ProjectionFold(start.0, asOf: options.asOf, asOfSeq: options.asOfSeq)
        fold.household = options.household
        let (verification, result) = try store.verify(folding: fold, from: start.1, merkleRoot: false)
        switch verification.problem {
        case .damaged(let damage)?:
            throw LedgerError(.verificationFailed, "\(store.path): \(damage); run `ledger verify` for details")
        case .torn(let tail)?:
            return ReadResult(model: result.model, position: verification.verified, checkpoint: checkpoint,
                              warning: "\(store.path) has a \(tail); showing the log without it")
        case nil:
            return ReadResult(model: result.model, position: verification.verified, checkpoint: checkpoint, warning: nil)
        }
    }
}
