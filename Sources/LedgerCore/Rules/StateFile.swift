/// `<log>.state`: the write side's `LedgerState` at a log position, in a compact binary form,
/// so that appending one event to a long log reads the state and the events after it instead of
/// replaying everything. It is a cache: used only when its checksum holds and the log still has
/// its event at its position (`LogStore.confirms`), otherwise ignored and rewritten. It cannot
/// vouch for the log — `ledger verify` replays every rule from the start regardless.
enum StateFile {
    static let magic = Array("ledger write-side state\n".utf8)
    /// Bumped whenever the layout or the meaning of `LedgerState` changes.
    static let format: Int64 = 2

    static func save(_ snapshot: Ledger.Snapshot, to path: String) throws(SystemError) {
        try LogFile.replace(path, with: encode(snapshot.position, snapshot.state))
    }

    /// The state and where it stands, or nil when the file is missing, of another format, or damaged.
    static func load(_ path: String) -> LogStore.Replay<StateFold>? {
        guard let bytes = try? LogFile.contents(of: path), bytes.count > magic.count + 32 else { return nil }
        return bytes.withUnsafeBytes { raw -> LogStore.Replay<StateFold>? in
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 32)])
            guard SHA256.hash(body) == Digest(bytes: UnsafeRawBufferPointer(rebasing: raw[(raw.count - 32)...])),
                  let (position, state) = try? decode(body) else { return nil }
            return LogStore.Replay(StateFold(state: state), at: position)
        }
    }

    static func encode(_ position: LogPosition, _ state: LedgerState) -> [UInt8] {
        var file = body(state)
        finish(&file, at: position)
        return file.bytes
    }

    /// The header: the magic line, the format, and where the state stands in the log.
    private static let headerBytes = magic.count + 8 + 8 + 8 + 32

    /// Makes the file of `body(state)`: fills in where the state stands in the log and appends
    /// the checksum — in place, since a large import's file is tens of megabytes.
    static func finish(_ file: inout BinaryWriter, at position: LogPosition) {
        var header = BinaryWriter()
        header.write(raw: magic)
        header.write(format)
        header.write(position.offset)
        header.write(position.seq)
        header.write(position.head)
        header.withBytes { file.overwrite(at: 0, with: $0) }
        file.write(file.withBytes { SHA256.hash($0) })
    }

    /// The file without its header's values and checksum: the state, which does not depend on
    /// the log position — what a large append encodes on another thread while its lines are
    /// written, before `finish`.
    static func body(_ state: LedgerState) -> BinaryWriter {
        // Reserved up front at about what a record takes, so that a large state is not copied as it grows.
        let records = state.households.count + state.debts.count + state.offers.count + state.pauses.count + state.keys.count
        var w = BinaryWriter(capacity: headerBytes + 128 + 96 * records + 32)
        w.write(raw: [UInt8](repeating: 0, count: headerBytes))
        w.write(state.seq)
        w.write(state.fund.id)
        for cents in [state.fund.depositedCents, state.fund.repaidCents, state.fund.committedCents, state.fund.paidCents] { w.write(cents) }
        w.write(state.households.count)
        for (key, household) in state.households.byKey {
            w.write(key)
            w.write(household.answer?.rawValue)
            for flag in [household.enrolled, household.exited, household.inventoryCompleted, household.repaymentAgreed] { w.write(flag) }
            w.write(household.debts)
        }
        w.write(state.debts.count)
        for (id, debt) in state.debts {
            w.write(id)
            w.write(debt.household)
            w.write(debt.currentCents)
            w.write(debt.open)
            w.write(debt.activeOffer)
        }
        w.write(state.offers.count)
        for (id, offer) in state.offers {
            w.write(id)
            w.write(offer.household)
            w.write(offer.debt)
            w.write(offer.amountCents)
            w.write(offer.expiresOn)
            w.write(offer.status.rawValue)
        }
        w.write(state.pauses.count)
        for (id, pause) in state.pauses {
            w.write(id)
            w.write(pause.household)
            w.write(pause.debts)
            w.write(pause.from)
            w.write(pause.until)
            w.write(pause.lifted)
        }
        w.write(state.keys.count)
        for (key, record) in state.keys {
            w.write(key)
            w.write(record.seq)
            w.write(record.identity)
        }
        return w
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(BinaryFormatError) -> (LogPosition, LedgerState) {
        var r = BinaryReader(bytes)
        guard try r.raw(magic.count) == magic, try r.int64() == format else { throw BinaryFormatError() }
        let position = LogPosition(offset: try r.int64(), seq: try r.int64(), head: try r.digest())
        var state = LedgerState()
        state.seq = try r.int64()
        state.fund.id = try r.optionalString()
        state.fund.depositedCents = try r.int64()
        state.fund.repaidCents = try r.int64()
        state.fund.committedCents = try r.int64()
        state.fund.paidCents = try r.int64()
        let households = try r.count(minimumBytes: 21)
        state.households.reserveCapacity(households)
        for _ in 0..<households {
            let key = try r.int64()
            guard PseudonymKey.isHousehold(key) else { throw BinaryFormatError() }
            var household = HouseholdRecord()
            if let answer = try r.optionalString() {
                guard let value = Answer(rawValue: answer) else { throw BinaryFormatError() }
                household.answer = value
            }
            household.enrolled = try r.bool()
            household.exited = try r.bool()
            household.inventoryCompleted = try r.bool()
            household.repaymentAgreed = try r.bool()
            household.debts = try r.strings()
            guard state.households.insert(key: key, household) else { throw BinaryFormatError() }
        }
        let debts = try r.count(minimumBytes: 26)
        state.debts.reserveCapacity(debts)
        for _ in 0..<debts {
            let id = try r.string()
            state.debts[id] = DebtRecord(household: try r.string(), currentCents: try r.int64(), open: try r.bool(), activeOffer: try r.optionalString())
        }
        let offers = try r.count(minimumBytes: 48)
        state.offers.reserveCapacity(offers)
        for _ in 0..<offers {
            let id = try r.string()
            let household = try r.string(), debt = try r.string(), amount = try r.int64(), expires = try r.int()
            guard let status = OfferStatus(rawValue: try r.string()) else { throw BinaryFormatError() }
            state.offers[id] = OfferRecord(household: household, debt: debt, amountCents: amount, expiresOn: expires, status: status)
        }
        let pauses = try r.count(minimumBytes: 41)
        state.pauses.reserveCapacity(pauses)
        for _ in 0..<pauses {
            let id = try r.string()
            state.pauses[id] = PauseRecord(household: try r.string(), debts: try r.strings(), from: try r.int(), until: try r.int(), lifted: try r.bool())
        }
        let keys = try r.count(minimumBytes: 48)
        state.keys.reserveCapacity(keys)
        for _ in 0..<keys {
            state.keys[try r.string()] = KeyRecord(seq: try r.int64(), identity: try r.digest())
        }
        guard r.atEnd else { throw BinaryFormatError() }
        return (position, state)
    }
}
