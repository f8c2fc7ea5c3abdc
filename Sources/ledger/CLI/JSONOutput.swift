import LedgerCore

extension JSONObject {
    /// The object as one line of canonical JSON, for `--json` output.
    var line: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
