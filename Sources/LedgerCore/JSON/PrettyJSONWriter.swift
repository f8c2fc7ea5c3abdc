/// Writes JSON byte for byte as Foundation's `JSONEncoder` does with `[.prettyPrinted,
/// .sortedKeys, .withoutEscapingSlashes]` on Linux — two-space indents, `"key" : value`, keys in
/// UTF-8 byte order, an empty container as `{\n\n}` — so that a projection file written this
/// way has the digest the Codable encoding gives it, at a small part of the cost (that encoding
/// builds a tree of every value first: 25 µs and 3 KB a household).
///
/// The caller writes members in key order; `member` checks it in debug builds.
struct PrettyJSONWriter: ~Copyable {
    private(set) var scalars: JSONWriter
    private var indent = 0
    /// Whether the container being written has no element yet, and (debug) its last key.
    private var first = true
    private var lastKey = ""

    var bytes: [UInt8] { scalars.bytes }

    init(capacity: Int = 4096) {
        scalars = JSONWriter(capacity: capacity)
    }

    mutating func object(_ body: (inout PrettyJSONWriter) -> Void) {
        container("{", "}", body)
    }

    mutating func array(_ body: (inout PrettyJSONWriter) -> Void) {
        container("[", "]", body)
    }

    /// An array of strings.
    mutating func array(_ strings: [String]) {
        array { w in
            for string in strings {
                w.element()
                w.scalars.write(string)
            }
        }
    }

    /// An object whose members are `values` under their keys, in key order.
    mutating func object<Value>(_ values: [String: Value], _ write: (inout PrettyJSONWriter, Value) -> Void) {
        object { w in
            // The keys alone are sorted: moving (key, value) pairs copied whole households.
            for key in values.keys.sorted(by: Self.precedes) {
                w.member(key)
                write(&w, values[key]!)
            }
        }
    }

    /// Whether `a` comes before `b` in UTF-8 byte order (the order of sorted keys).
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
                return x.count < y.count
            }
        }
    }

    /// Starts a member of the object being written; its value follows.
    mutating func member(_ key: String) {
        assert(first || Self.precedes(lastKey, key), "key \(key) out of order")
        #if DEBUG
        lastKey = key
        #endif
        element()
        scalars.write(key)
        scalars.raw(" : ")
    }

    /// The newline that ends a file.
    mutating func newline() {
        scalars.raw("\n")
    }

    /// Starts an element of the array being written.
    mutating func element() {
        if !first { scalars.raw(",\n") }
        first = false
        for _ in 0..<indent { scalars.raw("  ") }
    }

    mutating func member(_ key: String, _ value: String) { member(key); scalars.write(value) }
    mutating func member(_ key: String, _ value: Int64) { member(key); scalars.write(value) }
    mutating func member(_ key: String, _ value: Int) { member(key); scalars.write(Int64(value)) }
    mutating func member(_ key: String, _ value: Bool) { member(key); scalars.raw(value ? "true" : "false") }
    mutating func member(_ key: String, _ value: String?) { if let value { member(key, value) } }
    mutating func member(_ key: String, _ value: Int?) { if let value { member(key, value) } }
    mutating func member(_ key: String, _ value: [String]?) { if let value { member(key); array(value) } }

    private mutating func container(_ open: StaticString, _ close: StaticString, _ body: (inout PrettyJSONWriter) -> Void) {
        let (outerFirst, outerKey) = (first, lastKey)
        scalars.raw(open)
        scalars.raw("\n")
        indent += 1
        (first, lastKey) = (true, "")
        body(&self)
        indent -= 1
        scalars.raw("\n")
        for _ in 0..<indent { scalars.raw("  ") }
        scalars.raw(close)
        (first, lastKey) = (outerFirst, outerKey)
    }
}
