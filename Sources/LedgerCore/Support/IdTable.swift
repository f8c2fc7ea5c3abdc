import CSupport

/// Interned ids: an open-addressing table from a `PseudonymKey` (any non-negative key) to an
/// index into an array of records (the compact read model's, the write side's households). A
/// lookup is a multiply and a probe or two — no hashing of strings on the one thread that
/// replays or decides in order.
struct IdTable: Sendable {
    /// Key and index side by side, so a lookup touches one cache line: on a national log the
    /// table is larger than the cache and each lookup of the replay is a miss.
    private struct Entry {
        var key: Int64
        var index: Int32
    }
    private static let empty = Entry(key: -1, index: -1)
    private var entries = [Entry](repeating: empty, count: 1024)
    private var count = 0

    subscript(key: Int64) -> Int? {
        get {
            entries.withUnsafeBufferPointer { entries in
                let mask = entries.count - 1
                var slot = home(key, mask)
                while true {
                    let found = entries[slot]
                    if found.key == key { return Int(found.index) }
                    if found.key < 0 { return nil }
                    slot = (slot + 1) & mask
                }
            }
        }
        set {
            guard let newValue else { preconditionFailure("ids are never forgotten") }
            let mask = entries.count - 1
            var slot = home(key, mask)
            while entries[slot].key >= 0, entries[slot].key != key { slot = (slot + 1) & mask }
            if entries[slot].key < 0 { count += 1 }
            entries[slot] = Entry(key: key, index: Int32(newValue))
            if count * 2 > entries.count { grow() }
        }
    }

    /// Starts loading the entry where `key` would be found first (`CompactProjection.prefetchEntries`).
    func prefetch(_ key: Int64) {
        entries.withUnsafeBufferPointer { ledger_prefetch($0.baseAddress! + home(key, $0.count - 1)) }
    }

    /// The key's index when it sits where it would be found first: a lookup that does not
    /// probe, for prefetching what the index points to.
    func peek(_ key: Int64) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            let entry = entries[home(key, entries.count - 1)]
            return entry.key == key ? Int(entry.index) : nil
        }
    }

    private func home(_ key: Int64, _ mask: Int) -> Int {
        // Fibonacci hashing: the top bits of key × 2^64/φ spread consecutive keys apart.
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - mask.nonzeroBitCount)) & mask
    }

    /// Makes room for `count` keys in all, so that a table about to take many grows once.
    mutating func reserveCapacity(_ count: Int) {
        var size = entries.count
        while count * 2 > size { size *= 2 }
        if size > entries.count { grow(to: size) }
    }

    private mutating func grow(to size: Int? = nil) {
        // The old entries are read where they are, not filtered into an array of their own
        // first: that array was fresh memory to fault in, a sixth of a replay's page faults.
        let old = entries
        entries = [Entry](repeating: Self.empty, count: size ?? old.count * 2)
        let mask = entries.count - 1
        for entry in old where entry.key >= 0 {
            var slot = home(entry.key, mask)
            while entries[slot].key >= 0 { slot = (slot + 1) & mask }
            entries[slot] = entry
        }
    }
}
