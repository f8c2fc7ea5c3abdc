import LedgerCore

extension JSONObject {
    /// The object as one line of canonical JSON, for `--json` output.
    var line: String {
        var writer = JSONWriter()
        writer.write(self)
        return writer.text
    }
}
