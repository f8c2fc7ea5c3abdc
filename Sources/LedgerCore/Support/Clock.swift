#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where "now" comes from. Injected so that tests and the demo generator are reproducible.
public protocol Clock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }
}

/// Always the same instant; for tests and deterministic generation.
public struct FixedClock: Clock {
    public let seconds: Int64
    public init(_ seconds: Int64) { self.seconds = seconds }
    public func now() -> Int64 { seconds }
}
