import Testing
@testable import LedgerCore

struct ParallelTests {
    /// Every index is transformed once and the results keep the input's order, also when the
    /// work is spread over the cores.
    @Test func mapKeepsOrderAndCoversEveryIndex() {
        for count in [0, 1, 100, 4_097, 100_003] {
            #expect(Parallel.map(count, minimumPerCore: 16) { $0 * 3 } == (0..<count).map { $0 * 3 }, "\(count)")
        }
    }
}
