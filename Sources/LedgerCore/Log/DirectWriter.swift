import CSupport
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large batch past the page cache (O_DIRECT), gathered into aligned chunks. Copying
/// a 300 MB batch into page-cache pages cost an import more than the disk did: each page must
/// first be found, and on a virtual machine that hands freed memory back to its host (this one
/// does) the host must fault it in again — 0.1 s for 300 MB when the pages were just freed,
/// 1.4 s when they were given back, against a steady 0.3 s written direct, durable included.
/// A direct write must be whole blocks at whole-block offsets, so the block the batch starts
/// in is read first and written again with the batch's first bytes, and what the last block
/// holds goes through the page cache. Readers see every byte as before: the kernel keeps a
/// file's direct and cached I/O coherent. Durable only after the log's `sync`, as before.
final class DirectWriter {
    /// Addresses, offsets and lengths of direct writes are whole blocks; 4 KiB is whole on every device.
    static let block = 4096
    /// How much is gathered before it is written.
    static let chunk = 4 << 20

    /// The file the chunks go to, as the disk's thread writes them. A write handed over holds
    /// this, never the writer: the writer's last reference — and its `deinit`, which waits for
    /// the disk's thread — must not be dropped on that thread (it would wait for itself).
    private final class Disk: @unchecked Sendable {  // touched on `queue`, or once `spareWritten` says it is idle
        /// The batch's own descriptor: for the start of the first block and the last block's bytes.
        let file: LogFile
        let fd: Int32
        let queue = DispatchQueue(label: "ledger.direct-writes")
        /// Cleared if the file system turns direct writes down after all: the rest then goes
        /// through the page cache.
        var isDirect = true
        /// A failed write, thrown at the writer's next `write` or `finish`.
        var failure: SystemError?

        init(_ file: LogFile, _ fd: Int32) {
            self.file = file
            self.fd = fd
        }

        /// Writes `count` bytes at `start`, a whole number of blocks, at `offset` in the file.
        func writeBlocks(_ start: UnsafeMutableRawPointer, _ count: Int, at offset: Int64) throws(SystemError) {
            var done = 0
            while isDirect && done < count {
                let n = pwrite(fd, start + done, count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno != EINVAL { throw SystemError("pwrite", errno: errno) }
                // Refused for its alignment, or a short write that left the blocks behind.
                if n <= 0 || n % DirectWriter.block != 0 { isDirect = false } else { done += n }
            }
            if done < count {
                try file.writeAll(UnsafeRawBufferPointer(start: start + done, count: count - done), at: offset + Int64(done))
            }
        }
    }

    private let disk: Disk
    /// The chunk being gathered, and the one the disk may still be writing: a direct write
    /// waits for the device (a fifth of a second for a million events), so it is made on a
    /// thread of its own while the next chunk is gathered.
    private var buffer, spare: UnsafeMutableRawPointer
    /// Signalled when `spare` is written (or its write failed).
    private let spareWritten = DispatchSemaphore(value: 1)
    private var filled: Int
    /// Where `buffer` starts in the file: always a whole block.
    private var offset: Int64

    /// Nil when direct writes cannot be had here (a file system without them, such as tmpfs):
    /// the batch then goes through the page cache.
    init?(_ file: LogFile, from start: Int64) {
        let fd = ledger_open_direct(file.path)
        guard fd >= 0 else { return nil }
        var memory: UnsafeMutableRawPointer?, other: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, Self.block, Self.chunk) == 0, let memory else {
            close(fd)
            return nil
        }
        guard posix_memalign(&other, Self.block, Self.chunk) == 0, let other else {
            free(memory)
            close(fd)
            return nil
        }
        disk = Disk(file, fd)
        buffer = memory
        spare = other
        offset = start - start % Int64(Self.block)
        filled = Int(start - offset)
        guard (try? file.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: filled), at: offset)) == filled else {
            return nil
        }
    }

    deinit {
        drain()
        close(disk.fd)
        free(buffer)
        free(spare)
    }

    /// Adds `bytes` after those before; hands every chunk they fill to the disk.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let count = min(bytes.count - done, Self.chunk - filled)
            memcpy(buffer + filled, bytes.baseAddress! + done, count)
            filled += count
            done += count
            if filled == Self.chunk { try handOver() }
        }
    }

    /// Writes what is left: the whole blocks direct, the last block's bytes through the page cache.
    func finish() throws(SystemError) {
        try waitForSpare()
        spareWritten.signal()
        let whole = filled - filled % Self.block
        try disk.writeBlocks(buffer, whole, at: offset)
        try disk.file.writeAll(UnsafeRawBufferPointer(start: buffer + whole, count: filled - whole), at: offset + Int64(whole))
        offset += Int64(filled)
        filled = 0
    }

    /// Waits until the disk has written what it was given (before the file is cut back, say).
    func drain() { disk.queue.sync {} }

    /// Gives the full buffer to the disk and goes on in the spare, once the spare is written.
    private func handOver() throws(SystemError) {
        try waitForSpare()
        let disk = disk, written = spareWritten, full = Unchecked(buffer), at = offset
        disk.queue.async {
            defer { written.signal() }
            do throws(SystemError) {
                try disk.writeBlocks(full.value, Self.chunk, at: at)
            } catch {
                disk.failure = error
            }
        }
        swap(&buffer, &spare)
        offset += Int64(Self.chunk)
        filled = 0
    }

    /// Waits for the spare's write; throws if it (or one before) failed, leaving the semaphore
    /// taken: nothing more is written.
    private func waitForSpare() throws(SystemError) {
        spareWritten.wait()
        if let failure = disk.failure { throw failure }
    }
}
