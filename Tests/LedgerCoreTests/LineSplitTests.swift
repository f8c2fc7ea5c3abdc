import CSupport
import LedgerCore
import Testing

/// `ledger_split_lines`, the import's splitting of a batch into lines (sixteen bytes at a time),
/// against the plain reading of the same bytes: every line ends at a newline or at the end, and a
/// line of only spaces, tabs and CRs is blank — counted, but neither listed nor numbered.
struct LineSplitTests {
    /// (start, count, number) of each non-blank line, and how many lines there are in all.
    static func plainly(_ bytes: [UInt8], firstNumber: Int) -> (lines: [(Int, Int, Int)], all: Int) {
        var lines: [(Int, Int, Int)] = []
        var start = 0, number = firstNumber
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if !bytes[start..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { lines.append((start, end - start, number)) }
            number += 1
            start = end + 1
        }
        return (lines, number - firstNumber)
    }

    @Test func linesAreFoundAsAPlainReadingFindsThem() {
        var random = SplitMix64(seed: 16)
        let shapes: [[UInt8]] = [[], [0x20], [0x09, 0x20], [0x0D], [0x20, 0x0D], Array("x".utf8), Array("{}".utf8), Array(" a ".utf8)]
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<random.int(0...40) {
                // Lines of every length around the sixteen-byte steps, and blank ones of each kind.
                if random.int(0...1) == 0 {
                    bytes += shapes[random.int(0...(shapes.count - 1))]
                } else {
                    bytes += (0..<random.int(1...40)).map { _ in UInt8(random.int(0x21...0x7E)) }
                }
                bytes.append(0x0A)
            }
            if round % 3 == 0 { bytes += Array("{\"last\":1}".utf8) }  // no newline at the end
            if round % 5 == 0 && !bytes.isEmpty { bytes.removeLast() }
            let expected = Self.plainly(bytes, firstNumber: 7)
            bytes.withUnsafeBufferPointer { buffer in
                var all = 0
                let counted = ledger_split_lines(buffer.baseAddress, 0, bytes.count, nil, nil, 0, &all)
                #expect(counted == expected.lines.count && all == expected.all, "round \(round): counted")
                var lines = [ledger_line](repeating: ledger_line(), count: counted)
                var numbers = [Int](repeating: 0, count: counted)
                _ = ledger_split_lines(buffer.baseAddress, 0, bytes.count, &lines, &numbers, 7, &all)
                let found = zip(lines, numbers).map { (Int($0.start), Int($0.count), $1) }
                #expect(found.elementsEqual(expected.lines, by: ==), "round \(round): \(found) \(expected.lines)")
            }
        }
    }
}
