/// Writes one export table as CSV (RFC 4180: a header row, fields quoted when they hold a comma,
/// a quote or a line break) or as JSONL (one object per row), streaming to the file.
public final class TableWriter {
    public enum Format: String, Sendable { case csv, jsonl }

    public enum Cell {
        case text(String?)
        case integer(Int64?)
        case bool(Bool?)
        /// Already JSON (the `data` of an event).
        case json(String)
    }

    private let file: LogFile
    private let format: Format
    private let columns: [String]
    private var buffer: [UInt8] = []
    public private(set) var rows = 0

    public init(path: String, format: Format, columns: [String]) throws(LedgerError) {
        unlink(path)
        do { file = try LogFile.openForAppend(path) } catch { throw LedgerError(.ioError, "cannot create \(path)", cause: error) }
        self.format = format
        self.columns = columns
        if format == .csv { buffer += Array(columns.map(TableWriter.quoted).joined(separator: ",").utf8) + [0x0A] }
    }

    public func row(_ cells: [Cell]) throws(LedgerError) {
        precondition(cells.count == columns.count)
        rows += 1
        switch format {
        case .csv:
            let fields = cells.map { cell -> String in
                switch cell {
                case .text(let v): TableWriter.quoted(v ?? "")
                case .integer(let v): v.map(String.init) ?? ""
                case .bool(let v): v.map { $0 ? "true" : "false" } ?? ""
                case .json(let v): TableWriter.quoted(v)
                }
            }
            buffer += Array(fields.joined(separator: ",").utf8) + [0x0A]
        case .jsonl:
            var w = JSONWriter()
            w.raw("{")
            for (index, (name, cell)) in zip(columns, cells).enumerated() {
                if index > 0 { w.raw(",") }
                w.write(name)
                w.raw(":")
                switch cell {
                case .text(let v): if let v { w.write(v) } else { w.raw("null") }
                case .integer(let v): if let v { w.write(v) } else { w.raw("null") }
                case .bool(let v): if let v { w.raw(v ? "true" : "false") } else { w.raw("null") }
                case .json(let v): w.raw(Array(v.utf8))
                }
            }
            w.raw("}")
            buffer += w.bytes + [0x0A]
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    public func finish() throws(LedgerError) {
        try flush()
        do { try file.sync() } catch { throw LedgerError(.ioError, "cannot write \(file.path)", cause: error) }
    }

    private func flush() throws(LedgerError) {
        do { try file.appendAll(buffer) } catch { throw LedgerError(.ioError, "cannot write \(file.path)", cause: error) }
        buffer.removeAll(keepingCapacity: true)
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

#if canImport(Glibc)
import Glibc
#endif
