#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

extension LogStore {
    /// A writer that appends batch after batch (`append --stream`): it keeps the log open and
    /// locked from one batch to the next, and makes each batch durable on threads of its own
    /// while the next ones are read, decided and written. Each batch still gets its own
    /// `fdatasync`, issued after the batch was written, and none may be reported before `settle`
    /// says that call returned.
    ///
    /// Why: a durable append here is two trips to the disk, one after the other (the data, then
    /// the inode: its size or mtime changed), and that holds for SQLite's WAL as much as for the
    /// log. One sync after another, the disk idles while the rules run and the rules while the
    /// disk works; with `syncsInFlight` syncs outstanding, one batch's inode write goes out while
    /// the next batch's data does, and the rules run meanwhile.
    ///
    /// The threads hand batches over by polling (yielding the core in between, sleeping briefly
    /// once a wait grows long), not by waking each other: on this kind of virtual machine a
    /// wake-up costs about as much as the work it would overlap. So the syncing threads live
    /// only while the session holds the lock, and other writers wait meanwhile: the caller lets
    /// go (`release`) before it waits for input and whenever `isDue`, after `batchesPerHold`
    /// batches in a row.
    public final class WriteSession: @unchecked Sendable {
        /// Batches written under one hold of the lock: a few dozen milliseconds of appends.
        public static var batchesPerHold: Int { 128 }
        /// How many batches may wait for their sync while the next is written.
        public static var syncsInFlight: Int { 3 }

        private let store: LogStore
        /// The log, open and exclusively locked, while the session holds it.
        private var held: LogFile?
        /// Batches written under this hold, and how many of the first are settled (reported
        /// durable to the caller); the others' starts, oldest first, are what a failed sync
        /// cuts the log back to.
        private var written = 0
        private var settled = 0
        private var starts: [LogPosition] = []
        /// What the syncing threads share with the writer.
        private let progress = Mutex(Progress())
        private var syncing: DispatchGroup?

        private struct Progress {
            /// Batches whose sync was asked for, and how many of them a thread has taken.
            var requested = 0
            var taken = 0
            /// Batches (numbered from 0) whose sync returned.
            var synced: Set<Int> = []
            /// The first batch whose sync failed, and why.
            var failure: (batch: Int, error: SystemError)?
            var stopping = false
        }

        public init(_ store: LogStore) { self.store = store }

        /// Whether the session has held the lock long enough to let other writers in.
        public var isDue: Bool { written >= Self.batchesPerHold }

        /// The log, opened and locked on first use after a `release`.
        func file() throws(LedgerError) -> LogFile {
            if let held { return held }
            let file = try store.lockedForWriting()
            held = file
            return file
        }

        /// A batch from `start` was written to the session's log: its sync is asked for.
        func written(from start: LogPosition) {
            starts.append(start)
            written += 1
            progress.withLock { $0.requested = written }
        }

        /// Waits until every batch but the last `keeping` is durable. When a sync failed, the
        /// log is cut back to where that batch began (the batches after it go too, being after
        /// it in the file), the lock is let go and the error thrown: none of them was reported.
        public func settle(keeping: Int = 0) throws(LedgerError) {
            let target = written - keeping
            guard target > settled, let held else { return }
            if syncing == nil {
                if keeping == 0 && target == settled + 1 {
                    // Nothing to overlap (the caller is about to answer and wait): sync here,
                    // without handing the batch to another thread.
                    progress.withLock { $0.taken = target }
                    sync(batch: settled, of: held)
                } else {
                    startSyncing(held)
                }
            }
            var waiting = Backoff()
            while true {
                let failure = progress.withLock { progress -> (batch: Int, error: SystemError)? in
                    while settled < target && progress.synced.remove(settled) != nil { settled += 1 }
                    return progress.failure
                }
                if settled == target { break }
                if let failure, failure.batch == settled { try fail(failure.error) }
                waiting.pause()
            }
            starts.removeFirst(starts.count - (written - settled))
        }

        /// Settles every batch and lets go of the lock.
        public func release() throws(LedgerError) {
            try settle()
            letGo()
        }

        /// After the sync of the batch after the `settled` ones failed: cuts the log back to where it began.
        private func fail(_ cause: SystemError) throws(LedgerError) -> Never {
            stopSyncing()
            let start = starts[starts.count - (written - settled)]
            let error = LedgerError(.ioError, "making the append after seq \(start.seq) durable failed; it and those after it were not kept", cause: cause)
            defer { letGo() }
            if let held { try store.cutBack(held, to: start, after: error) }
            throw error
        }

        private func letGo() {
            stopSyncing()
            held?.unlock()
            held = nil
            written = 0
            settled = 0
            starts = []
            progress.withLock { $0 = Progress() }
        }

        /// The syncing threads: each takes the next batch asked for and syncs it, until stopped.
        /// They hold the session until then: a session is let go by `release`.
        private func startSyncing(_ file: LogFile) {
            let group = DispatchGroup()
            syncing = group
            for queue in Self.syncQueues {
                queue.async(group: group) { [self] in
                    var idle = Backoff()
                    while true {
                        let next = progress.withLock { progress -> Int? in
                            guard progress.taken < progress.requested, progress.failure == nil else { return progress.stopping ? -1 : nil }
                            progress.taken += 1
                            return progress.taken - 1
                        }
                        guard let batch = next else {
                            idle.pause()
                            continue
                        }
                        idle = Backoff()
                        if batch < 0 { return }
                        sync(batch: batch, of: file)
                    }
                }
            }
        }

        /// Syncs `file` for batch `batch` (one `fdatasync` per batch) and records how it went;
        /// of several failures, the earliest batch's is the one reported.
        private func sync(batch: Int, of file: LogFile) {
            let outcome = Result { () throws(SystemError) in try file.sync() }
            progress.withLock { progress in
                switch outcome {
                case .success: progress.synced.insert(batch)
                case .failure(let error): if progress.failure.map({ batch < $0.batch }) ?? true { progress.failure = (batch, error) }
                }
            }
        }

        /// How a thread waits for the other: yielding its core at first (a sync here takes a
        /// few hundred microseconds, and a wake-up would cost as much), then, after about a
        /// thousand polls, sleeping a tenth of a millisecond between them, so that a slow disk
        /// does not keep the cores busy polling.
        private struct Backoff {
            private var polls = 0
            mutating func pause() {
                polls += 1
                if polls < 1000 { sched_yield() } else { usleep(100) }
            }
        }

        /// A queue (a thread) per sync in flight: the shared pool would lend its few threads to
        /// these long-running loops and leave other work waiting.
        private static let syncQueues = (0..<syncsInFlight).map { DispatchQueue(label: "ledger.sync-\($0)") }

        private func stopSyncing() {
            guard let syncing else { return }
            progress.withLock { $0.stopping = true }
            syncing.wait()
            self.syncing = nil
        }
    }
}
