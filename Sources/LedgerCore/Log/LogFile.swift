import CSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open log file, written against the system calls directly: every call retries EINTR,
/// writes loop until every byte is out, and failures come back as `SystemError` values.
/// Its fields never change after `open`, and the calls on the descriptor are safe from any thread.
public final class LogFile: @unchecked Sendable {
    public let path: String
    private let fd: Int32

    public enum Access { case read, readWrite }

    public enum LockKind {
        case shared, exclusive
        var operation: Int32 { self == .shared ? LOCK_SH : LOCK_EX }
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    public static func open(_ path: String, _ access: Access) throws(SystemError) -> LogFile {
        let flags = (access == .read ? O_RDONLY : O_RDWR) | O_CLOEXEC
        return LogFile(path: path, fd: try retrying("open") { Glibc.open(path, flags) })
    }

    /// Creates a new, empty file; fails with EEXIST rather than touch an existing one.
    public static func create(_ path: String) throws(SystemError) -> LogFile {
        let fd = try retrying("open") { Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        return LogFile(path: path, fd: fd)
    }

    /// Replaces the file at `path` with `bytes` at once: written and synced under a temporary
    /// name of this process, then renamed over it, so a reader sees the old file or the new one.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(SystemError) {
        try putInPlace(try stage(bytes, for: path), at: path)
    }

    /// The first half of `replace`: `bytes` written and synced under a temporary name of this
    /// process, which is returned.
    static func stage(_ bytes: [UInt8], for path: String) throws(SystemError) -> String {
        try bytes.withUnsafeBytes { bytes in Result { () throws(SystemError) in try stage(bytes, for: path) } }.get()
    }

    static func stage(_ bytes: UnsafeRawBufferPointer, for path: String) throws(SystemError) -> String {
        let temporary = "\(path).tmp.\(getpid())"
        unlink(temporary)
        do throws(SystemError) {
            let file = try create(temporary)
            // A large file (a state file: 31 MB for a million households) goes past the page
            // cache, as a large batch does (see `DirectWriter`).
            if bytes.count >= DirectWriter.chunk, let direct = DirectWriter(file, from: 0) {
                try direct.write(bytes)
                try direct.finish()
            } else {
                try file.writeAll(bytes, at: 0)
            }
            try file.sync()
            return temporary
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The second half of `replace`: the staged file renamed over `path`.
    static func putInPlace(_ temporary: String, at path: String) throws(SystemError) {
        guard rename(temporary, path) == 0 else {
            let error = SystemError("rename", errno: errno)
            unlink(temporary)
            throw error
        }
    }

    /// Opens for appending, creating the file if needed (the quarantine file).
    public static func openForAppend(_ path: String) throws(SystemError) -> LogFile {
        let fd = try retrying("open") { Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        return LogFile(path: path, fd: fd)
    }

    public func size() throws(SystemError) -> Int64 {
        var info = stat()
        _ = try LogFile.retrying("fstat") { fstat(fd, &info) }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try LogFile.retrying("pread") {
                pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// A whole (small) file: a checkpoint, a proof, a projection file.
    public static func contents(of path: String) throws(SystemError) -> [UInt8] {
        let file = try open(path, .read)
        return try file.read(count: Int(try file.size()), at: 0)
    }

    public func read(count: Int, at offset: Int64) throws(SystemError) -> [UInt8] {
        var failure: SystemError?
        // Not zeroed first: the read fills it (a checkpoint's households.json is 130 MB).
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SystemError) {
                initialized = try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes every byte at `offset`, looping over short writes. On failure some bytes may have
    /// reached the file; the caller truncates back to where it started.
    public func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let n = try LogFile.retrying("pwrite") {
                pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            done += n
        }
    }

    public func writeAll(_ bytes: [UInt8], at offset: Int64) throws(SystemError) {
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes every byte at the end of a file opened with `openForAppend`.
    public func appendAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            done += try LogFile.retrying("write") { write(fd, bytes.baseAddress! + done, bytes.count - done) }
        }
    }

    public func appendAll(_ bytes: [UInt8]) throws(SystemError) {
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try appendAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Makes the file's data durable. fdatasync also writes the metadata needed to read the
    /// data back (the size an append grew), which is all an append needs — as SQLite does.
    public func sync() throws(SystemError) {
        _ = try LogFile.retrying("fdatasync") { fdatasync(fd) }
    }

    /// Asks the kernel to start writing `count` bytes at `offset` to the disk now, without
    /// waiting: a large batch's windows go out while the next are encoded, and the final
    /// `sync` waits for little more than the last. Only a hint, so failures are ignored —
    /// `sync` is what makes data durable and reports errors.
    public func startWriting(_ count: Int, at offset: Int64) {
        ledger_start_writing(fd, offset, Int64(count))
    }

    public func truncate(to size: Int64) throws(SystemError) {
        _ = try LogFile.retrying("ftruncate") { ftruncate(fd, off_t(size)) }
    }

    /// Takes an advisory lock, polling so that the wait is bounded. Returns false when another
    /// process still held a conflicting lock after `seconds`.
    public func lock(_ kind: LockKind, waitingUpTo seconds: Double) throws(SystemError) -> Bool {
        let deadline = LogFile.monotonicSeconds() + seconds
        var pause: UInt32 = 500  // microseconds, doubling up to 50 ms
        while true {
            if flock(fd, kind.operation | LOCK_NB) == 0 { return true }
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR else { throw SystemError("flock", errno: error) }
            if LogFile.monotonicSeconds() >= deadline { return false }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    public func unlock() {
        _ = flock(fd, LOCK_UN)
    }

    /// fsyncs the directory holding `path`, so that a newly created file's name is durable too.
    public static func syncDirectory(of path: String) throws(SystemError) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let fd = try retrying("open") { Glibc.open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        _ = try retrying("fsync") { fsync(fd) }
    }

    private static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs a system call until it stops failing with EINTR.
    private static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let error = errno
            if error != EINTR { throw SystemError(call, errno: error) }
        }
    }
}
