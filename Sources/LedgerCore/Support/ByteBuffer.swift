/// Bytes appended through a pointer into a buffer of its own: what the JSON and the binary
/// writers write into. Appending to an array a few bytes at a time went through the array's
/// generic append and its uniqueness check on every call — over half of an import's encoding.
struct ByteBuffer: ~Copyable {
    private(set) var count = 0
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes from `offset` on, copied into an array.
    func array(from offset: Int = 0) -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base + offset, count: count - offset))
    }

    func withBytes<R, E>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Writes `bytes` over bytes appended already, from `offset` on.
    mutating func overwrite(at offset: Int, with bytes: UnsafeRawBufferPointer) {
        overwrite(at: offset, bytes.count) { $0.copyMemory(from: bytes) }
    }

    /// Lets `fill` write the `count` bytes appended already from `offset` on, in place.
    mutating func overwrite(at offset: Int, _ count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        precondition(offset >= 0 && offset + count <= self.count, "overwriting past what was written")
        fill(UnsafeMutableRawBufferPointer(start: base + offset, count: count))
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        room(1).pointee = byte
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(room(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends `written` bytes that `fill` writes in place.
    @inline(__always) mutating func append(_ written: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        fill(UnsafeMutableRawBufferPointer(start: room(written), count: written))
        count += written
    }

    /// Where the next `needed` bytes go.
    @inline(__always) private mutating func room(_ needed: Int) -> UnsafeMutablePointer<UInt8> {
        if count + needed > capacity { grow(toHold: count + needed) }
        return base + count
    }

    private mutating func grow(toHold needed: Int) {
        capacity = max(needed, 2 * capacity)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
    }
}
