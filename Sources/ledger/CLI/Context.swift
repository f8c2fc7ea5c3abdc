#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// What a command may use from outside: the environment, the clock, and the two streams.
struct Context {
    var clock: any Clock

    /// `$LEDGER_NOW` (a `YYYY-MM-DDTHH:MM:SSZ` time) fixes the clock, so that tests and
    /// scripted imports write byte-for-byte reproducible logs.
    static func fromEnvironment() throws(LedgerError) -> Context {
        guard let fixed = environment("LEDGER_NOW") else { return Context(clock: SystemClock()) }
        guard let seconds = CalendarDate.parseTimestamp(fixed) else {
            throw .usage("LEDGER_NOW \"\(fixed)\" is not a YYYY-MM-DDTHH:MM:SSZ time")
        }
        return Context(clock: FixedClock(seconds))
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    func print(_ text: String) {
        Swift.print(text)
    }

    /// Pushes printed lines out now: a stream's reader waits for each result line.
    func flush() {
        fflush(nil)
    }

    /// Text exactly as given, without an added newline (checkpoints and proofs end as they must).
    func write(_ text: String) {
        Swift.print(text, terminator: "")
    }
}

/// One line on stderr, unbuffered, so it is out even if the process ends right after.
func printError(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        done += n
    }
}
