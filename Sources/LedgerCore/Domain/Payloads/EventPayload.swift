/// The typed `data` of one event type: read from a `data` object (checking every field), and
/// written back in the catalogue's key order.
public protocol EventPayload: Equatable, Sendable {
    static var type: EventType { get }
    init(_ reader: inout DataReader) throws(InputError)
    func write(_ writer: inout DataWriter)
}

extension EventPayload {
    /// The `data` object in canonical key order.
    public var data: JSONObject {
        var writer = DataWriter()
        write(&writer)
        return writer.object
    }
}
