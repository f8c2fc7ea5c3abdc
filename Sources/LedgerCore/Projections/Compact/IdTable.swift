/// Interned ids: an open-addressing table from a `PseudonymKey` (any non-negative key) to an
/// index into one of the compact read model's arrays. A lookup is a multiply and a probe or
/// two — no hashing of strings on the replay's one sequential thread.
struct IdTable: Sendable {
    private var keys: [Int64]
    private var values: [Int32]
    private var count = 0

    init() {
        keys = Array(repeating: -1, count: 1024)
        values = Array(repeating: -1, count: 1024)
    }

    subscript(key: Int64) -> Int? {
        get {
            var slot = home(key)
            while true {
                let found = keys[slot]
                if found == key { return Int(values[slot]) }
                if found < 0 { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
        set {
            guard let newValue else { preconditionFailure("ids are never forgotten") }
            var slot = home(key)
            while keys[slot] >= 0, keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            if keys[slot] < 0 {
                keys[slot] = key
                count += 1
            }
            values[slot] = Int32(newValue)
            if count * 2 > keys.count { grow() }
        }
    }

    private func home(_ key: Int64) -> Int {
        // Fibonacci hashing: the top bits of key × 2^64/φ spread consecutive keys apart.
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - keys.count.trailingZeroBitCount))
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 >= 0 }
        keys = Array(repeating: -1, count: keys.count * 2)
        values = Array(repeating: -1, count: keys.count)
        for (key, value) in old {
            var slot = home(key)
            while keys[slot] >= 0 { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
    }
}
