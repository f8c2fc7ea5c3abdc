#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Work on independent items spread over the machine's cores, results in input order.
public enum Parallel {
    /// Asked once: glibc reads /sys for it on every call, which a stream of single appends felt.
    public static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// `transform(i)` for every `i` in `0..<count`, each computed exactly once; below
    /// `minimumPerCore` items per core it all runs on the calling thread. `transform` must be
    /// safe to call from several threads at once. `balanced` hands out parts of `minimumPerCore`
    /// items one at a time instead of one range per core: for items of uneven cost, or when a
    /// core may be busy elsewhere (a core that falls behind then takes fewer parts).
    public static func map<T>(_ count: Int, minimumPerCore: Int = 2048, balanced: Bool = false, _ transform: (Int) -> T) -> [T] {
        let parts = balanced ? (count / minimumPerCore < 2 ? 1 : count / minimumPerCore) : min(cores, max(1, count / minimumPerCore))
        if parts == 1 { return (0..<count).map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                // Each worker writes only its own slots, and all are done before the array is.
                let shared = Unchecked((buffer.baseAddress!, transform))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let (base, transform) = shared.value
                    for index in (count * part / parts)..<(count * (part + 1) / parts) {
                        (base + index).initialize(to: transform(index))
                    }
                }
                initialized = count
            }
        }
    }
}

/// Hands values to worker threads that the type system cannot see are used safely.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
