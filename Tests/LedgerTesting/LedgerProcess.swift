import Foundation

/// Runs the built `ledger` binary as a user would, capturing its exit status and both streams.
public struct LedgerProcess {
    public struct Outcome {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The binary SwiftPM built next to this test bundle (or `$LEDGER_BINARY`).
    public static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["LEDGER_BINARY"] { return path }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("ledger").path
    }()

    public static let now = "2026-01-01T09:00:00Z"

    /// The package's root directory, where the committed log and projections live.
    public static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], in directory: String? = nil) throws -> Outcome {
        let process = start(arguments, environment: extra)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs shell scripts side by side (concurrent writers) and returns their exit statuses.
    public static func runConcurrently(_ scripts: [String]) throws -> [Int32] {
        let processes = scripts.map { script in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = ["LEDGER_NOW": now]
            return process
        }
        for process in processes { try process.run() }
        return processes.map { process in
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// A process ready to run, with a fixed clock unless the test sets one.
    public static func start(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LEDGER_NOW"] = now
        environment.removeValue(forKey: "LEDGER_LOG")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        return process
    }
}

/// A scratch directory per test.
public struct Scratch {
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public func write(_ text: String, to name: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    public func bytes(_ name: String) -> Data {
        (try? Data(contentsOf: URL(fileURLWithPath: path(name)))) ?? Data()
    }

    /// A new log with `count` single-event appends.
    public func log(_ name: String = "log.jsonl", events count: Int) throws -> String {
        let log = path(name)
        try LedgerProcess.run(["init", "--log", log])
        if count > 0 {
            try LedgerProcess.run(["append", "--log", log, "-"], stdin: Events.approaches(1...count))
        }
        return log
    }
}

/// Input lines for `ledger append`.
public enum Events {
    public static func household(_ number: Int) -> String {
        let digits = String(number)
        return "HH-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public static func approach(_ number: Int, key: String? = nil) -> String {
        let keyField = key.map { #","key":"\#($0)""# } ?? ""
        return #"{"type":"HouseholdApproached","effective":"2024-04-03","actor":"coach-01"\#(keyField),"household":"\#(household(number))","data":{"channel":"letter"}}"#
    }

    public static func approaches(_ range: ClosedRange<Int>) -> String {
        range.map { approach($0) }.joined(separator: "\n") + "\n"
    }

    public static let deposit = #"{"type":"FundDeposited","effective":"2024-04-01","actor":"program-01","data":{"fund":"afkoopfonds","amountCents":42500000,"source":"gemeente"}}"#
}
