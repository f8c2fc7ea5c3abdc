/// Process exit statuses, following sysexits(3) as DESIGN.md fixes them.
public enum ExitCode: Int32, Sendable, CaseIterable {
    case ok = 0
    /// `verify` (or `repair`) found a problem in the log.
    case verificationFailed = 1
    /// EX_USAGE: the command line was wrong.
    case usage = 64
    /// EX_DATAERR: rejected input or a broken rule; nothing was written.
    case rejected = 65
    /// EX_NOINPUT: the log (or an input file) does not exist.
    case noInput = 66
    /// EX_IOERR: reading or writing failed (disk full, file-size limit, EIO).
    case ioError = 74
    /// EX_TEMPFAIL: another writer held the log's lock for longer than the bound.
    case busy = 75
}
