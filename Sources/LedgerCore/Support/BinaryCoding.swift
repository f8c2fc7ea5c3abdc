/// A small binary encoding for files that are caches of a fold (the write side's state): little
/// endian integers, length-prefixed strings. Readers check every bound and throw on any
/// mismatch, so a damaged file is refused, never half-read.
struct BinaryWriter: ~Copyable {
    /// What was written (a copy).
    var bytes: [UInt8] { buffer.array() }
    private var buffer: ByteBuffer

    init(capacity: Int = 256) { buffer = ByteBuffer(capacity: capacity) }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { buffer.withBytes(body) }

    /// Writes `bytes` over bytes written already, from `offset` on (a header filled in last).
    mutating func overwrite(at offset: Int, with bytes: UnsafeRawBufferPointer) { buffer.overwrite(at: offset, with: bytes) }

    mutating func write(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append($0) }
    }

    mutating func write(_ value: Int) { write(Int64(value)) }

    mutating func write(_ value: Bool) { buffer.append(value ? 1 : 0) }

    mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(utf8.count)
            buffer.append(UnsafeRawBufferPointer(utf8))
        }
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ digest: Digest) {
        withUnsafeBytes(of: digest.words) { buffer.append($0) }
    }

    mutating func write(raw: [UInt8]) { raw.withUnsafeBytes { buffer.append($0) } }
}

struct BinaryFormatError: Error {}

struct BinaryReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws(BinaryFormatError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - position else { throw BinaryFormatError() }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func int64() throws(BinaryFormatError) -> Int64 {
        let raw = try take(8)
        return Int64(littleEndian: raw.loadUnaligned(as: Int64.self))
    }

    mutating func int() throws(BinaryFormatError) -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw BinaryFormatError() }
        return int
    }

    /// A count of items still to come, each at least `minimumBytes` long: bounded by what is left.
    mutating func count(minimumBytes: Int = 1) throws(BinaryFormatError) -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - position) / max(minimumBytes, 1) else { throw BinaryFormatError() }
        return count
    }

    mutating func bool() throws(BinaryFormatError) -> Bool {
        switch try take(1)[0] {
        case 0: return false
        case 1: return true
        default: throw BinaryFormatError()
        }
    }

    /// Strings are read as written: the file's checksum has vouched for its bytes already,
    /// and validating UTF-8 again was half the cost of loading the write side's state.
    mutating func string() throws(BinaryFormatError) -> String {
        String(decoding: try take(try count()), as: UTF8.self)
    }

    mutating func optionalString() throws(BinaryFormatError) -> String? {
        try bool() ? try string() : nil
    }

    mutating func strings() throws(BinaryFormatError) -> [String] {
        let count = try count(minimumBytes: 8)
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try string()) }
        return result
    }

    mutating func digest() throws(BinaryFormatError) -> Digest {
        Digest(bytes: try take(32))
    }

    mutating func raw(_ count: Int) throws(BinaryFormatError) -> [UInt8] { Array(try take(count)) }
}
