// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by design: only the toolchain's own libraries and our own C target.
let package = Package(
    name: "ledger",
    products: [
        .executable(name: "ledger", targets: ["ledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
    ],
    targets: [
        // SHA-256 with SHA-NI where the CPU has it and a portable fallback; replay and verify hash every
        // line, sixteen at a time in AVX-512 registers where that is faster.
        .target(
            name: "CSHA256",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        // What Swift cannot say itself: a prefetch hint for the replay's fold, malloc tuning, and a
        // batch split into lines sixteen bytes at a time.
        .target(name: "CSupport"),
        // The replay's fast path: one pass over a canonical line, envelope and data (issue 7).
        .target(
            name: "CEventLine",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        .target(name: "LedgerCore", dependencies: ["CSHA256", "CSupport", "CEventLine"]),
        .executableTarget(name: "ledger", dependencies: ["LedgerCore", "CSupport"]),
        // Helpers both test targets share: scratch logs, event builders, the rule cases, a runner
        // for the built binary.
        .target(name: "LedgerTesting", dependencies: ["LedgerCore"], path: "Tests/LedgerTesting"),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "LedgerTesting"]),
        // End-to-end tests run the built `ledger` binary; the dependency makes sure it is built first.
        .testTarget(name: "LedgerCLITests", dependencies: ["ledger", "LedgerCore", "LedgerTesting"]),
    ]
)
