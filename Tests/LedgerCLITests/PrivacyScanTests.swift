import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// The committed demo log and every export pass the privacy guard: no BSN-like number, IBAN,
/// e-mail address or phone number in any value a person could have typed.
struct PrivacyScanTests {
    /// Every string in a JSON value, with the key it stands under.
    static func strings(_ value: Any, key: String = "") -> [(String, String)] {
        switch value {
        case let text as String: [(key, text)]
        case let array as [Any]: array.flatMap { strings($0, key: key) }
        case let object as [String: Any]: object.flatMap { strings($0.value, key: $0.key) }
        default: []
        }
    }

    /// Hashes are hex digits by construction; everything else is scanned.
    static let hashes: Set<String> = ["prev"]

    static func scan(jsonl path: String) throws -> [String] {
        var findings: [String] = []
        for (number, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            for (key, text) in strings(object) where !hashes.contains(key) {
                if let found = PrivacyGuard.personalData(in: text) { findings.append("\(path):\(number + 1) \(key): \(found)") }
            }
        }
        return findings
    }

    @Test func theDemoLogAndItsExportsHoldNoPersonalData() throws {
        #expect(try Self.scan(jsonl: LedgerProcess.root + "/events/immerloo.jsonl") == [])
        let scratch = try Scratch()
        for (name, extra) in [("plain", [String]()), ("pseudonymised", ["--pseudonymize", "a long enough secret key for this"])] {
            let out = scratch.path(name)
            #expect(try LedgerProcess.run(["export", "--format", "jsonl", "--out", out] + extra, in: LedgerProcess.root).status == 0)
            for file in try FileManager.default.contentsOfDirectory(atPath: out) {
                #expect(try Self.scan(jsonl: out + "/" + file) == [], "\(name)/\(file)")
            }
        }
    }

    /// The scan can fail: it finds what the guard refuses at the door.
    @Test func theScanFindsPersonalData() throws {
        let scratch = try Scratch()
        let path = try scratch.write(#"{"data":{"note":"bel 06-12345678"},"prev":"123456782"}"# + "\n", to: "x.jsonl")
        #expect(try Self.scan(jsonl: path).count == 1)
    }
}
