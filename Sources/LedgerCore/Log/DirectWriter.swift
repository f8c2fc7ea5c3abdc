import CSupport
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

    /// The batch's own descriptor: for the start of the first block and the last block's bytes.
    private let file: LogFile
    private let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private var filled: Int
    /// Where `buffer` starts in the file: always a whole block.
    private var offset: Int64
    /// Cleared if the file system turns direct writes down after all: the rest then goes through the page cache.
    private var isDirect = true

    /// Nil when direct writes cannot be had here (a file system without them, such as tmpfs):
    /// the batch then goes through the page cache.
    init?(_ file: LogFile, from start: Int64) {
        let fd = ledger_open_direct(file.path)
        guard fd >= 0 else { return nil }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, Self.block, Self.chunk) == 0, let memory else {
            close(fd)
            return nil
        }
        self.file = file
        self.fd = fd
        buffer = memory
        offset = start - start % Int64(Self.block)
        filled = Int(start - offset)
        guard (try? file.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: filled), at: offset)) == filled else {
            return nil
        }
    }

    deinit {
        close(fd)
        free(buffer)
    }

    /// Adds `bytes` after those before; writes every chunk they fill.
    func write(_ bytes: [UInt8]) throws(SystemError) {
        try bytes.withUnsafeBytes { bytes in Result { () throws(SystemError) in try write(bytes) } }.get()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let count = min(bytes.count - done, Self.chunk - filled)
            memcpy(buffer + filled, bytes.baseAddress! + done, count)
            filled += count
            done += count
            if filled == Self.chunk { try writeBlocks(Self.chunk) }
        }
    }

    /// Writes what is left: the whole blocks direct, the last block's bytes through the page cache.
    func finish() throws(SystemError) {
        try writeBlocks(filled - filled % Self.block)
        try file.writeAll(UnsafeRawBufferPointer(start: buffer, count: filled), at: offset)
        offset += Int64(filled)
        filled = 0
    }

    /// Writes the buffer's first `count` bytes, a whole number of blocks, and keeps the rest.
    private func writeBlocks(_ count: Int) throws(SystemError) {
        var done = 0
        while isDirect && done < count {
            let n = pwrite(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno != EINVAL { throw SystemError("pwrite", errno: errno) }
            // Refused for its alignment, or a short write that left the blocks behind.
            if n <= 0 || n % Self.block != 0 { isDirect = false } else { done += n }
        }
        if done < count {
            try file.writeAll(UnsafeRawBufferPointer(start: buffer + done, count: count - done), at: offset + Int64(done))
        }
        offset += Int64(count)
        filled -= count
        memmove(buffer, buffer + count, filled)
    }
}
