import Foundation
import LedgerTesting
import Testing
@testable import LedgerCore

/// events/README.md is the catalogue as built: these checks keep it so.
struct CatalogueDocumentationTests {
    static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static func read(_ relative: String) -> String {
        String(decoding: Fixtures.read(root + "/" + relative), as: UTF8.self)
    }

    @Test func everyTypeHasASectionWithAnExampleThatPassesTheCatalogue() throws {
        let readme = Self.read("events/README.md")
        for type in EventType.allCases {
            guard let section = readme.range(of: "### \(type.rawValue)\n") else {
                Issue.record("no section for \(type.rawValue)")
                continue
            }
            let rest = readme[section.upperBound...]
            let example = rest[rest.range(of: "```json\n")!.upperBound...].prefix { $0 != "\n" }
            let event = try Array(example.utf8).withUnsafeBytes { try RecordedEvent(line: $0) }
            #expect(event.event.type == type)
            let domain = try DomainEvent(event.event)
            #expect(domain.envelope.data == event.event.data, "\(type.rawValue) example is not in catalogue order")
        }
    }

    @Test func theListedRuleNamesAreTheRulesInTheCode() throws {
        let readme = Self.read("events/README.md")
        let section = readme[readme.range(of: "### Rule names\n")!.upperBound...].prefix { $0 != "#" }
        let pieces = section.split(separator: "`", omittingEmptySubsequences: false)
        var listed: [String] = []
        for (index, piece) in pieces.enumerated() where index % 2 == 1 { listed.append(String(piece)) }
        var inCode: Set<String> = []
        for file in ["Rules/LedgerState+Rules.swift"] {
            let source = Self.read("Sources/LedgerCore/" + file)
            for piece in source.split(separator: "RuleViolation(\"").dropFirst() { inCode.insert(String(piece.prefix { $0 != "\"" })) }
            for piece in source.split(separator: "rule: \"").dropFirst() { inCode.insert(String(piece.prefix { $0 != "\"" })) }
        }
        #expect(Set(listed) == inCode)
        #expect(listed.count == Set(listed).count)
    }
}
