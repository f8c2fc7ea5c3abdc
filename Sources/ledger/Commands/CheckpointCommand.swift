import LedgerCore

struct CheckpointCommand: Command {
    static let name = "checkpoint"
    static let summary = "print a checkpoint (origin, size, Merkle root) to sign and publish"
    static let synopsis = "checkpoint [--origin NAME] [--log FILE]"
    static let discussion = """
        Prints a C2SP tlog-checkpoint body: the origin, the number of events, the RFC 6962 Merkle
        root in base64, and a blank line. The origin defaults to "ledger/" and the first 16 hex
        digits of the first event's hash: stable across copies of the log, unlike its path.
        Sign and publish it with tools you already have, e.g. `ssh-keygen -Y sign` (README).
        """
    static let options = [OptionSpec("origin", value: "NAME", "the checkpoint's first line"), LogOptions.log, LogOptions.wait]

    /// The first event's hash: what names the log.
    struct FirstLeaf: LogFold {
        var leaf: Digest?
        mutating func fold(_ event: EventLine, line: UnsafeRawBufferPointer, prepared: Void) throws(FoldError) {
            if leaf == nil { leaf = SHA256.leaf(line) }
        }
    }

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let store = try LogOptions.store(arguments, context)
        let (verification, first) = try store.verify(folding: FirstLeaf())
        guard verification.problem == nil, let root = verification.root else {
            throw LedgerError(.verificationFailed, "\(store.path): \(verification.problem.map { "\($0)" } ?? "no root"); a checkpoint is only made of a log that verifies")
        }
        let origin = arguments.value("origin") ?? TreeHead.defaultOrigin(firstEvent: first.leaf)
        guard !origin.isEmpty, !origin.contains("\n") else { throw arguments.usageError("--origin must be one non-empty line") }
        let head = TreeHead(origin: origin, size: verification.verified.seq, root: root)
        // `text` ends with the blank line; print adds none.
        context.write(head.text)
    }
}

struct ProveCommand: Command {
    static let name = "prove"
    static let summary = "an inclusion proof for event SEQ, or a consistency proof from an earlier size"
    static let synopsis = "prove SEQ | prove --consistency OLDSIZE [--log FILE]"
    static let discussion = """
        Proves against the log as it is now (its size is the proof's size). Check the proof with
        `ledger check-proof`, without the log, against a checkpoint of the same size.
        """
    static let options = [OptionSpec("consistency", value: "OLDSIZE", "prove the log of OLDSIZE events is a prefix of this one"), LogOptions.log, LogOptions.wait]
    static let positionalCount = 0...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let store = try LogOptions.store(arguments, context)
        let (verification, collector) = try store.verify(folding: LeafCollector())
        if let problem = verification.problem {
            throw LedgerError(.verificationFailed, "\(store.path): \(problem); proofs are only made of a log that verifies")
        }
        let tree = MerkleTree(leaves: collector.leaves)
        let size = Int64(tree.size)
        if let text = arguments.value("consistency") {
            guard arguments.positionals.isEmpty else { throw arguments.usageError("give SEQ or --consistency OLDSIZE, not both") }
            guard let old = Int64(text), old >= 1, old <= size else {
                throw arguments.usageError("--consistency \(text) is not a size between 1 and the log's \(size) events")
            }
            context.write(ProofText(kind: .consistency(old: old), size: size, hashes: tree.consistencyProof(old: Int(old), new: Int(size))).text)
            return
        }
        guard let text = arguments.positionals.first else { throw arguments.usageError("give SEQ or --consistency OLDSIZE") }
        guard let seq = Int64(text), seq >= 1, seq <= size else {
            throw LedgerError(.rejected, "seq \(text) is not in \(store.path), which has \(size) events")
        }
        context.write(ProofText(kind: .inclusion(seq: seq), size: size, hashes: tree.inclusionProof(index: Int(seq - 1), size: Int(size))).text)
    }
}

struct CheckProofCommand: Command {
    static let name = "check-proof"
    static let summary = "check a proof offline: exit 0 when it holds, 1 when it does not"
    static let synopsis = "check-proof PROOF --checkpoint CP (--event LINEFILE | --old CP_OLD)"
    static let discussion = """
        Needs no log. Inclusion: LINEFILE holds the event's line exactly as it stands in the log
        (a trailing newline is ignored); the proof shows that line is event SEQ of the log the
        checkpoint describes. Consistency: the proof shows the log of CP_OLD is a prefix of the
        log of CP, so nothing in it was rewritten.
        """
    static let options = [
        OptionSpec("checkpoint", value: "CP", "the checkpoint the proof is against"),
        OptionSpec("event", value: "LINEFILE", "the event's line (inclusion proofs)"),
        OptionSpec("old", value: "CP_OLD", "the earlier checkpoint (consistency proofs)"),
    ]
    static let positionalCount = 1...1

    static func run(_ arguments: Arguments, _ context: Context) throws(LedgerError) {
        let proof = try parse(arguments.positionals[0]) { (text) throws(InputError) in try ProofText(text: text) }
        guard let checkpointPath = arguments.value("checkpoint") else { throw arguments.usageError("--checkpoint CP is required") }
        let head = try parse(checkpointPath) { (text) throws(InputError) in try TreeHead(text: text) }
        guard proof.size == head.size else {
            throw LedgerError(.verificationFailed, "invalid: the proof is for a log of \(proof.size) events, the checkpoint for \(head.size)")
        }
        switch proof.kind {
        case .inclusion(let seq):
            guard let eventPath = arguments.value("event") else { throw arguments.usageError("an inclusion proof needs --event LINEFILE") }
            var line = try read(eventPath)
            if line.last == 0x0A { line.removeLast() }
            let event = try? line.withUnsafeBytes { try EventLine.decode($0) }
            guard let event, event.seq == seq else {
                throw LedgerError(.verificationFailed, "invalid: \(eventPath) does not hold event seq \(seq)\(event.map { " (it holds seq \($0.seq))" } ?? " (it is not an event line)")")
            }
            guard MerkleProof.verifyInclusion(leaf: SHA256.leaf(line), index: seq - 1, size: head.size, proof: proof.hashes, root: head.root) else {
                throw LedgerError(.verificationFailed, "invalid: event seq \(seq) in \(eventPath) is not in the log of \(head.size) events with root \(head.root.base64)")
            }
            context.print("valid: event seq \(seq) is in \(head.origin) at size \(head.size), root \(head.root.base64)")
        case .consistency(let old):
            guard let oldPath = arguments.value("old") else { throw arguments.usageError("a consistency proof needs --old CP_OLD") }
            let earlier = try parse(oldPath) { (text) throws(InputError) in try TreeHead(text: text) }
            guard earlier.size == old else {
                throw LedgerError(.verificationFailed, "invalid: the proof starts from \(old) events, the old checkpoint has \(earlier.size)")
            }
            guard earlier.origin == head.origin else {
                throw LedgerError(.verificationFailed, "invalid: the checkpoints are of different logs (\(earlier.origin), \(head.origin))")
            }
            guard MerkleProof.verifyConsistency(oldSize: old, oldRoot: earlier.root, newSize: head.size, newRoot: head.root, proof: proof.hashes) else {
                throw LedgerError(.verificationFailed, "invalid: the log of \(head.size) events does not extend the log of \(old) events with root \(earlier.root.base64): history was rewritten, or the proof is not for these checkpoints")
            }
            context.print("valid: \(head.origin) at \(head.size) events extends its \(old) events unchanged")
        }
    }

    private static func read(_ path: String) throws(LedgerError) -> [UInt8] {
        do {
            return try LogFile.contents(of: path)
        } catch {
            throw LedgerError(error.errno == ENOENT ? .noInput : .ioError, "cannot read \(path)", cause: error)
        }
    }

    private static func parse<T>(_ path: String, _ body: (String) throws(InputError) -> T) throws(LedgerError) -> T {
        let text = String(decoding: try read(path), as: UTF8.self)
        do { return try body(text) } catch { throw LedgerError(.rejected, "\(path): \(error)") }
    }
}

#if canImport(Glibc)
import Glibc
#endif
