#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `.verified` in a projections folder: the files whose digest a read has checked against the
/// checkpoint, each with what `stat` said of it then. A later read that finds a file exactly as
/// it was takes that digest instead of hashing the file again — households.json of a large
/// program is a hundred megabytes and more, and hashing it was most of every coach's
/// `household` (git's index skips rehashing unchanged files the same way).
///
/// Any write to a file sets its change time (ctime), which no user tool can set back, and a
/// replaced file is a new inode; a file changed less than two seconds before it was checked is
/// not remembered, so that an edit within the same clock tick as the check cannot pass for the
/// file that was checked. A cache and nothing more: missing, damaged or not writable, reads
/// hash as before. Not part of the projections (`rebuild` neither writes nor compares it).
struct VerifiedFiles {
    static let name = ".verified"

    /// What `stat` says of a file, to the nanosecond.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64
    }

    private let directory: String
    private var entries: [String: (identity: Identity, digest: String)] = [:]
    /// Whether something was noted since the record was read.
    private var noted = false

    /// The record of `directory` (empty when there is none or it cannot be read).
    init(_ directory: String) {
        self.directory = directory
        guard let bytes = try? LogFile.contents(of: directory + "/" + Self.name) else { return }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 7, let device = UInt64(fields[1]), let inode = UInt64(fields[2]), let size = Int64(fields[3]),
                  let modified = Int64(fields[4]), let changed = Int64(fields[5]) else { continue }
            entries[String(fields[0])] = (Identity(device: device, inode: inode, size: size, modified: modified, changed: changed), String(fields[6]))
        }
    }

    /// The digest (hex) last checked for file `name`, when the file is still as it was then.
    func digest(of name: String) -> String? {
        guard let entry = entries[name], Identity(directory + "/" + name) == entry.identity else { return nil }
        return entry.digest
    }

    /// Notes that file `name`, as `identity` describes it before and after it was read, has
    /// `digest`, unless it changed too recently to tell an edit from it; `save` writes the notes.
    mutating func remember(_ name: String, _ identity: Identity, digest: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        guard identity.changed < nanoseconds - 2_000_000_000, identity.modified < nanoseconds - 2_000_000_000 else { return }
        entries[name] = (identity, digest)
        noted = true
    }

    /// Writes the record when something was noted (through a temporary file and a rename); a
    /// failure leaves reads hashing.
    func save() {
        guard noted else { return }
        var text = ""
        for (name, (identity, digest)) in entries.sorted(by: { $0.key < $1.key }) {
            text += "\(name) \(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(identity.changed) \(digest)\n"
        }
        try? LogFile.replace(directory + "/" + Self.name, with: Array(text.utf8))
    }
}

extension VerifiedFiles.Identity {
    /// The file at `path` as `stat` sees it now; nil when there is none.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                  changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }
}
