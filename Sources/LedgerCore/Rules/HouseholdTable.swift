/// The write side's households by id. Ids are household pseudonyms (`HH-` and digits, checked
/// before any event reaches the rules), so they are kept as their `PseudonymKey` in an `IdTable`
/// with the records side by side, in the order the households were approached: an import of a
/// million new households inserts a million ids, which in a `[String: HouseholdRecord]` cost
/// a string hash and three scattered cache misses each — a tenth of the import's CPU.
public struct HouseholdTable: Sendable, Sequence {
    private var slots = IdTable()
    private var keys: [Int64] = []
    private var records: [HouseholdRecord] = []

    public init() {}

    public var count: Int { records.count }
    public var isEmpty: Bool { records.isEmpty }

    public subscript(id: String) -> HouseholdRecord? {
        PseudonymKey.household(id).flatMap { self[key: $0] }
    }

    /// The household whose id has `key` (`PseudonymKey.household`).
    subscript(key key: Int64) -> HouseholdRecord? {
        slots[key].map { records[$0] }
    }

    /// Changes the record of the household with `key`, which must be there, in place.
    mutating func update(key: Int64, _ change: (inout HouseholdRecord) -> Void) {
        guard let index = slots[key] else { preconditionFailure("household \(key) is unknown") }
        change(&records[index])
    }

    /// Starts loading where `key` is looked up, for a lookup a few events later: the table
    /// of a million households is far larger than the cache, and each lookup a miss.
    func prefetch(key: Int64) {
        slots.prefetch(key)
    }

    mutating func reserveCapacity(_ count: Int) {
        slots.reserveCapacity(count)
        keys.reserveCapacity(count)
        records.reserveCapacity(count)
    }

    /// The households by key, in the order they were added (the state file's form).
    var byKey: Zip2Sequence<[Int64], [HouseholdRecord]> { zip(keys, records) }

    /// Adds a record under `key` unless the key is there already (then false).
    mutating func insert(key: Int64, _ record: HouseholdRecord) -> Bool {
        guard slots[key] == nil else { return false }
        slots[key] = records.count
        keys.append(key)
        records.append(record)
        return true
    }

    /// Each household's id and record, in the order they were approached.
    public func makeIterator() -> some IteratorProtocol<(id: String, record: HouseholdRecord)> {
        zip(keys, records).lazy.map { (PseudonymKey.householdID($0), $1) }.makeIterator()
    }
}

extension HouseholdTable: Equatable {
    /// The same households with the same records, in whatever order they were added.
    public static func == (a: HouseholdTable, b: HouseholdTable) -> Bool {
        a.count == b.count && zip(a.keys, a.records).allSatisfy { key, record in b.slots[key].map { b.records[$0] } == record }
    }
}
