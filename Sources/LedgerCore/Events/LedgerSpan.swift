import CEventLine

/// A field found by one of the C readers (`ledger_decode_event` for log lines, `ledger_read_input`
/// for input lines): byte offsets into the line it read, `start` -1 for a field it lacks.
extension ledger_span {
    /// The bytes of the line it spans.
    var range: Range<Int> { Int(start)..<Int(end) }
    /// The same, nil for a field the line does not have.
    var rangeIfPresent: Range<Int>? { start < 0 ? nil : range }
}
