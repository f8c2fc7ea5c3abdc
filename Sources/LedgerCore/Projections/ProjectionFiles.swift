import FoundationEssentials

/// The materialised projections in `projections/`: one JSON file per read model and a
/// checkpoint naming the log position they stand at and the SHA-256 of every file, so two
/// parties who replay the same log compare one line instead of trusting each other's numbers.
public struct ProjectionFiles: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The files in the order they are written; the checkpoint lists their digests.
    public static let names = ["households.json", "fund.json", "creditors.json", "typology.json", "report.json"]
    public static let checkpointName = "checkpoint.json"

    public struct Checkpoint: Codable, Equatable, Sendable {
        public var seq: Int64
        /// Byte offset just past the event at `seq`.
        public var offset: Int64
        /// Hash of the event at `seq`; a checkpoint is used only if the log still has it there.
        public var head: String
        public var lastEffective: String
        public var ruleVersions: [String: String]
        /// SHA-256 (hex) of each projection file.
        public var files: [String: String]
    }

    public static let ruleVersions = ["catalogue": "v1", "typology": Typology.ruleVersion, "projections": "v1"]

    /// The content of every file for a read, byte for byte.
    public static func render(_ read: ReadResult) throws(LedgerError) -> [String: [UInt8]] {
        let projection = read.projection, position = read.position
        var files: [String: [UInt8]] = [:]
        // Written directly: the Codable encoding of every household was most of a report's time.
        files["households.json"] = HouseholdStatus.prettyJSON(projection.households)
        files["fund.json"] = try encode(FundFile(projection.fund))
        files["creditors.json"] = try encode(CreditorRow.rows(projection))
        files["typology.json"] = try encode(TypologyFile(projection))
        files["report.json"] = try encode(read.report)
        let checkpoint = Checkpoint(
            seq: position.seq, offset: position.offset, head: position.head.hex,
            lastEffective: CalendarDate.formatDate(days: projection.lastEffective), ruleVersions: ruleVersions,
            files: files.mapValues { SHA256.hash($0).hex })
        files[checkpointName] = try encode(checkpoint)
        return files
    }

    /// Pretty, key-sorted JSON with a final newline: stable bytes for the same projection.
    public static func encode<T: Encodable>(_ value: T) throws(LedgerError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [0x0A]
        } catch {
            throw LedgerError(.ioError, "cannot encode projection: \(error)")
        }
    }

    // MARK: reading back

    public func read(_ name: String) -> [UInt8]? {
        try? LogFile.contents(of: directory + "/" + name)
    }

    /// The projection a checkpoint stands for, if every state file is there and unedited.
    public func load() -> (ProgramProjection, Checkpoint)? {
        guard let (start, checkpoint, files) = checkpoint(with: ["households.json", "fund.json", "creditors.json"]),
              let households = try? JSONDecoder().decode([String: HouseholdStatus].self, from: Data(files["households.json"]!)),
              let fund = try? JSONDecoder().decode(FundFile.self, from: Data(files["fund.json"]!)),
              let creditors = try? JSONDecoder().decode([String: CreditorRow].self, from: Data(files["creditors.json"]!)) else { return nil }
        var projection = start
        projection.households = households
        projection.fund = fund.ledger
        projection.creditors = creditors.mapValues(\.stats)
        return (projection, checkpoint)
    }

    /// One household as the checkpoint has it (absent: not approached by then), without
    /// decoding the others or holding the file: households.json is read in blocks, each hashed
    /// for the digest check (unless `.verified` vouches for the file) and searched for the
    /// household's own object, which alone is kept and decoded. The projection holds nothing else.
    public func load(household id: String) -> (ProgramProjection, Checkpoint)? {
        let name = "households.json"
        guard let (start, checkpoint, _) = checkpoint(with: []), let expected = checkpoint.files[name] else { return nil }
        var verified = VerifiedFiles(directory)
        guard let found = checked(name, digest: expected, in: &verified, { hashing in Self.member(id, of: directory + "/" + name, hashing: hashing) })
        else { return nil }
        verified.save()
        var projection = start
        if let found {
            guard let status = try? JSONDecoder().decode(HouseholdStatus.self, from: Data(found)) else { return nil }
            projection.households[id] = status
        }
        return (projection, checkpoint)
    }

    /// What `read` makes of file `name` when the file has the digest `expected`, else nil. The
    /// digest is the one `verified` noted when the file is as it was then (asked again after
    /// reading, so that a change meanwhile is not missed); otherwise `read` hashes the file as
    /// it reads it, and a match is noted if the file stayed as it was while it was read.
    private func checked<T>(_ name: String, digest expected: String, in verified: inout VerifiedFiles,
                            _ read: (_ hashing: Bool) -> (Digest?, T)?) -> T? {
        if verified.digest(of: name) == expected, let (_, value) = read(false), verified.digest(of: name) == expected {
            return value
        }
        let path = directory + "/" + name
        guard let before = VerifiedFiles.Identity(path), let (digest, value) = read(true), digest?.hex == expected else { return nil }
        if VerifiedFiles.Identity(path) == before { verified.remember(name, before, digest: expected) }
        return value
    }

    /// The bytes of the value of the top-level key `id` of the file at `path` (nil when it has
    /// none) and, when `hashing`, the file's SHA-256 — without it the reading stops at the value;
    /// nil when the file cannot be read.
    static func member(_ id: String, of path: String, hashing: Bool) -> (Digest?, [UInt8]?)? {
        guard let file = try? LogFile.open(path, .read), let size = try? file.size() else { return nil }
        var hasher = SHA256.Hasher()
        var finder = MemberFinder(id)
        var block = [UInt8](repeating: 0, count: 4 << 20)
        var offset: Int64 = 0
        while offset < size && (hashing || !finder.isComplete) {
            guard let n = try? block.withUnsafeMutableBytes({ try file.read(into: $0, at: offset) }), n > 0 else { return nil }
            block.withUnsafeBytes { bytes in
                let read = UnsafeRawBufferPointer(rebasing: bytes[..<n])
                if hashing { hasher.update(read) }
                finder.feed(read)
            }
            offset += Int64(n)
        }
        return (hashing ? hasher.finalize() : nil, finder.isComplete ? finder.value : nil)
    }

    /// The checkpoint, when this build's rules wrote it, with the named files when each matches
    /// its digest; and an empty projection standing at its seq and date.
    private func checkpoint(with names: [String]) -> (ProgramProjection, Checkpoint, [String: [UInt8]])? {
        guard let bytes = read(Self.checkpointName),
              let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: Data(bytes)),
              checkpoint.ruleVersions == Self.ruleVersions,
              let lastEffective = CalendarDate.parseDate(checkpoint.lastEffective) else { return nil }
        var files: [String: [UInt8]] = [:]
        var verified = VerifiedFiles(directory)
        for name in names {
            guard let expected = checkpoint.files[name],
                  let bytes = checked(name, digest: expected, in: &verified, { hashing in read(name).map { (hashing ? SHA256.hash($0) : nil, $0) } })
            else { return nil }
            files[name] = bytes
        }
        verified.save()
        var projection = ProgramProjection()
        projection.seq = checkpoint.seq
        projection.lastEffective = lastEffective
        return (projection, checkpoint, files)
    }

    /// Writes every file (through a temporary name and a rename, so a reader never sees half a
    /// file), creating the directory if it is not there yet.
    public func write(_ files: [String: [UInt8]]) throws(LedgerError) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw LedgerError(.ioError, "cannot create \(directory)", cause: SystemError("mkdir", errno: errno))
        }
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + name
            do {
                try LogFile.replace(path, with: bytes)
            } catch {
                throw LedgerError(.ioError, "cannot write \(path)", cause: error)
            }
        }
    }
}

/// fund.json: the ledger with its balances and trial balance spelled out for auditors.
struct FundFile: Codable {
    var ledger: FundLedger
    var availableCents: Int64
    var cashCents: Int64
    var trialBalance: [TrialBalanceLine]
    var trialBalanceSumCents: Int64

    init(_ ledger: FundLedger) {
        self.ledger = ledger
        availableCents = ledger.availableCents
        cashCents = ledger.cashCents
        trialBalance = ledger.trialBalance
        trialBalanceSumCents = ledger.trialBalance.reduce(0) { $0 + $1.cents }
    }
}

/// One creditor in creditors.json and `ledger creditors`.
public struct CreditorRow: Codable, Equatable, Sendable {
    public var debts: Int
    public var totalCents: Int64
    public var openCents: Int64
    public var resolved: Int
    public var households: Int
    /// Average days from balance request to answer; nil without answers.
    public var averageResponseDays: Int?
    /// Average days from offer to acceptance; nil without acceptances.
    public var averageDaysToAcceptance: Int?
    public var stats: CreditorStats

    public static func rows(_ projection: ProgramProjection) -> [String: CreditorRow] {
        var rows: [String: CreditorRow] = [:]
        for household in projection.households.values {
            var seen: Set<String> = []
            for debt in household.debts.values {
                var row = rows[debt.creditor] ?? CreditorRow(debts: 0, totalCents: 0, openCents: 0, resolved: 0, households: 0, stats: projection.creditors[debt.creditor] ?? CreditorStats())
                row.debts += 1
                row.totalCents += debt.currentCents
                if debt.resolution == nil { row.openCents += debt.currentCents } else { row.resolved += 1 }
                if seen.insert(debt.creditor).inserted { row.households += 1 }
                rows[debt.creditor] = row
            }
        }
        for (name, var row) in rows {
            let stats = row.stats
            row.averageResponseDays = stats.balanceAnswers == 0 ? nil : (stats.responseDays + stats.balanceAnswers / 2) / stats.balanceAnswers
            row.averageDaysToAcceptance = stats.offersAccepted == 0 ? nil : (stats.acceptanceDays + stats.offersAccepted / 2) / stats.offersAccepted
            rows[name] = row
        }
        return rows
    }
}

/// typology.json: the matrix and every enrolled household's classification with its reasons.
struct TypologyFile: Codable {
    var rule: String
    var counts: [String: Int]
    var households: [String: Typology.Classification]

    init(_ projection: ProgramProjection) {
        rule = Typology.ruleVersion
        households = [:]
        counts = Dictionary(uniqueKeysWithValues: Typology.quadrants.map { ($0, 0) })
        for household in projection.households.values where household.isEnrolled {
            let classification = Typology.classify(household)
            households[household.id] = classification
            if let quadrant = classification.quadrant { counts[quadrant, default: 0] += 1 }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
