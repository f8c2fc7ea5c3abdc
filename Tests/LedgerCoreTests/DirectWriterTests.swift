import LedgerTesting
import Testing
@testable import LedgerCore

/// A large batch goes past the page cache in whole blocks: wherever the log ends, whatever
/// sizes its pieces come in, the file must hold exactly the bytes before plus the batch's.
struct DirectWriterTests {
    @Test func whatIsWrittenDirectEndsUpByteForByteAfterWhatWasThere() throws {
        let path = Fixtures.scratchPath()
        var expected = (0..<5000).map { UInt8(truncatingIfNeeded: $0 % 251) }  // ends mid-block
        Fixtures.write(expected, to: path)
        let file = try LogFile.open(path, .readWrite)
        var seed: UInt64 = 7
        func piece(_ count: Int) -> [UInt8] {
            (0..<count).map { _ in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: seed >> 56)
            }
        }
        // Pieces that fill a chunk exactly, cross chunk and block boundaries, and are tiny.
        for sizes in [[DirectWriter.chunk - 5000, 3 << 20, 1, 4095, 700_001], [10], [DirectWriter.block * 3]] {
            let writer = try #require(DirectWriter(file, from: Int64(expected.count)), "this file system takes direct writes (ext4 does)")
            for size in sizes {
                let bytes = piece(size)
                try bytes.withUnsafeBytes { try writer.write($0) }
                expected += bytes
            }
            try writer.finish()
            #expect(try file.size() == Int64(expected.count), "after \(sizes)")
            let written = Fixtures.read(path)
            // Compared as a whole (fast); where they part only when they do (the arrays are megabytes).
            let same = written == expected
            #expect(same, "after \(sizes): \(written.count) bytes, first wrong at \(same ? -1 : zip(written, expected).prefix { $0 == $1 }.count)")
        }
    }

    /// A chunk goes to the disk on a thread of its own; the writer, dropped right after its
    /// `finish`, must not end its life on that thread (its `deinit` waits for the thread: it
    /// would wait for itself — a CI run crashed so once). Many short lives make the race likely.
    @Test func aWriterDroppedRightAfterItsLastChunkIsWrittenDiesCleanly() throws {
        let path = Fixtures.scratchPath()
        Fixtures.write([], to: path)
        let file = try LogFile.open(path, .readWrite)
        let bytes = [UInt8](repeating: 0x61, count: DirectWriter.chunk + 10)
        for round in 0..<300 {
            let writer = try #require(DirectWriter(file, from: 0), "this file system takes direct writes (ext4 does)")
            try bytes.withUnsafeBytes { try writer.write($0) }
            try writer.finish()
            if round % 100 == 99 { #expect(try file.size() == Int64(bytes.count)) }
        }
    }

    /// A file replaced whole (a state file: 31 MB after a million-event import) goes past the
    /// page cache too once it is a chunk or more; it must read back byte for byte, its last
    /// partial block included, and a small one the same through the page cache.
    @Test func aLargeReplacedFileReadsBackByteForByte() throws {
        let path = Fixtures.scratchPath()
        for count in [DirectWriter.chunk * 2 + 12_345, DirectWriter.chunk, 100] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: ($0 * 7 + $0 / 4096) % 253) }
            try LogFile.replace(path, with: bytes)
            let written = Fixtures.read(path)
            // Compared as a whole; only the sizes are shown when they differ (megabytes otherwise).
            let same = written == bytes
            #expect(same, "\(count) bytes written, \(written.count) read back")
        }
    }
}
