#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

extension LogStore {
    /// A writer that appends batch after batch (`append --stream`): it keeps the log open and
    /// locked from one batch to the next, and makes each batch durable on a thread of its own
    /// while the next is read, decided and written. Each batch still gets its own `fdatasync`,
    /// and none may be reported before `settle` says that sync returned. The disk's time and the
    /// rules' time overlap instead of adding up, so single durable appends are bound by the disk.
    ///
    /// The two threads hand batches over by polling counters (yielding the core in between),
    /// not by waking each other: on this kind of virtual machine a wake-up costs about as much
    /// as the rules' work it would overlap. So the syncing thread lives only while the session
    /// holds the lock, and other writers wait meanwhile: the caller lets go (`release`) before
    /// it waits for input and whenever `isDue`, after `batchesPerHold` batches in a row.
    public final class WriteSession: @unchecked Sendable {
        /// Batches written under one hold of the lock: a few dozen milliseconds of appends.
        public static var batchesPerHold: Int { 128 }

        private let store: LogStore
        /// The log, open and exclusively locked, while the session holds it.
        private var held: LogFile?
        /// Batches written under this hold; the syncing thread has synced the first `synced`.
        private var written = 0
        /// Where each batch not yet settled began (the first is batch `settled + 1`): what a
        /// failed sync cuts the log back to.
        private var starts: [LogPosition] = []
        private var settled = 0
        private let requested = Atomic<Int>(0)
        private let synced = Atomic<Int>(0)
        /// The batch whose sync failed (0: none), and why; set before the syncing thread stops.
        private let failedBatch = Atomic<Int>(0)
        private var failure: SystemError?
        private let stopping = Atomic<Bool>(false)
        private var syncing: DispatchGroup?
        private let syncQueue = DispatchQueue(label: "ledger.sync")

        public init(_ store: LogStore) { self.store = store }

        deinit { stopSyncing() }

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
            requested.store(written, ordering: .releasing)
        }

        /// Waits until every batch but the last `keeping` is durable. When a sync failed, the
        /// log is cut back to where that batch began (the batches after it go too, being after
        /// it in the file), the lock is let go and the error thrown: none of them was reported.
        public func settle(keeping: Int = 0) throws(LedgerError) {
            let target = written - keeping
            guard target > settled, let held else { return }
            if syncing == nil {
                if keeping == 0 {
                    // Nothing to overlap (the caller is about to answer and wait): sync here,
                    // without handing the batch to another thread.
                    syncInline(held)
                } else {
                    startSyncing(held)
                }
            }
            while synced.load(ordering: .acquiring) < target && failedBatch.load(ordering: .acquiring) == 0 { sched_yield() }
            let failed = failedBatch.load(ordering: .acquiring)
            guard failed != 0 && failed <= target else {
                starts.removeFirst(target - settled)
                settled = target
                return
            }
            stopSyncing()
            let start = starts[failed - settled - 1]
            let error = LedgerError(.ioError, "making the append after seq \(start.seq) durable failed; it and those after it were not kept", cause: failure)
            defer { letGo() }
            try store.cutBack(held, to: start, after: error)
            throw error
        }

        /// Settles every batch and lets go of the lock.
        public func release() throws(LedgerError) {
            try settle()
            letGo()
        }

        private func letGo() {
            stopSyncing()
            held?.unlock()
            held = nil
            written = 0
            settled = 0
            starts = []
            requested.store(0, ordering: .relaxed)
            synced.store(0, ordering: .relaxed)
            failedBatch.store(0, ordering: .relaxed)
            failure = nil
        }

        /// Syncs the batches asked for on the calling thread, one `fdatasync` each.
        private func syncInline(_ file: LogFile) {
            var done = synced.load(ordering: .relaxed)
            while done < written {
                do throws(SystemError) { try file.sync() } catch {
                    failure = error
                    failedBatch.store(done + 1, ordering: .relaxed)
                    return
                }
                done += 1
                synced.store(done, ordering: .relaxed)
            }
        }

        /// The syncing thread: syncs batch after batch as they are asked for, until stopped.
        /// It holds the session until then: a session is let go by `release`.
        private func startSyncing(_ file: LogFile) {
            let group = DispatchGroup()
            syncing = group
            stopping.store(false, ordering: .relaxed)
            syncQueue.async(group: group) { [self] in
                var done = synced.load(ordering: .acquiring)
                while true {
                    while requested.load(ordering: .acquiring) == done {
                        if stopping.load(ordering: .acquiring) { return }
                        sched_yield()
                    }
                    do throws(SystemError) {
                        try file.sync()
                    } catch {
                        failure = error
                        failedBatch.store(done + 1, ordering: .releasing)
                        return
                    }
                    // One fdatasync per batch, as without a session (it may well find the next
                    // batch written already, and then cover it too; that one gets its own still).
                    done += 1
                    synced.store(done, ordering: .releasing)
                }
            }
        }

        private func stopSyncing() {
            guard let syncing else { return }
            stopping.store(true, ordering: .releasing)
            syncing.wait()
            self.syncing = nil
        }
    }
}
