import LedgerTesting
import Testing
@testable import LedgerCore

struct EventCodecTests {
    let recorded = RecordedEvent(
        seq: 7, batch: 3, recordedAt: Fixtures.clock.now(),
        event: PendingEvent(type: .debtRegistered, effective: Fixtures.day, actor: "coach-03", key: "import-1/7",
                            household: "HH-007", data: ["debt": "HH-007/D-012", "originalCents": 123456, "preferential": false]),
        prev: SHA256.hash(Array("x".utf8)))

    @Test func canonicalLineHasDesignKeyOrder() {
        let text = String(decoding: recorded.canonicalLine(), as: UTF8.self)
        #expect(text == #"{"seq":7,"batch":3,"type":"DebtRegistered","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-04-01","actor":"coach-03","key":"import-1/7","household":"HH-007","data":{"debt":"HH-007/D-012","originalCents":123456,"preferential":false},"prev":"\#(recorded.prev.hex)"}"#)
    }

    @Test func decodeInvertsEncode() throws {
        var variants = [recorded]
        var single = recorded
        single.batch = nil
        single.event.key = nil
        variants.append(single)
        variants.append(RecordedEvent(seq: 1, batch: nil, recordedAt: 0, event: Fixtures.deposit(), prev: .zero))
        for event in variants {
            let line = event.canonicalLine()
            #expect(try line.withUnsafeBytes { try RecordedEvent(line: $0) } == event)
        }
    }

    @Test(arguments: [
        (#"{"seq":1, "type":"FundDeposited""#, "expected key \"type\""),
        (#"{"type":"FundDeposited","seq":1}"#, "does not start with"),
        (#"{"seq":0,"type":"FundDeposited""#, "not positive"),
        (#"{"seq":1,"batch":1,"type":"FundDeposited""#, "batch size 1"),
        (#"{"seq":1,"type":"FundWithdrawn","v":1"#, "unknown event type \"FundWithdrawn\""),
        (#"{"seq":1,"type":"FundDeposited","v":2"#, "has no version 2"),
        (#"{"seq":1,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01 09:00:00","#, "recordedAt"),
        (#"{"seq":1,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-02-30","#, "effective \"2024-02-30\""),
        (#"{"seq":1,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-02-03","actor":"a b""#, "actor \"a b\" is not an id"),
        (#"{"seq":1,"type":"HouseholdApproached","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-02-03","actor":"a","data":{}"#, "needs a household"),
        (#"{"seq":1,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-02-03","actor":"a","data":{"x":1.5},"prev":"#, "not an integer"),
        (#"{"seq":1,"type":"FundDeposited","v":1,"recordedAt":"2026-01-01T09:00:00Z","effective":"2024-02-03","actor":"a","data":{},"prev":"00"}"#, "prev is not 64"),
    ])
    func decodeRejectsNonCanonicalLines(line: String, reason: String) {
        #expect { try Array(line.utf8).withUnsafeBytes { try EventLine.decode($0) } } throws: { "\($0)".contains(reason) }
    }

    @Test func trailingDataAfterTheEventIsRefused() {
        let line = recorded.canonicalLine() + Array(" ".utf8)
        #expect { try line.withUnsafeBytes { try EventLine.decode($0) } } throws: { "\($0)".contains("unexpected data") }
    }
}

struct PendingEventInputTests {
    func parse(_ text: String) throws(InputError) -> PendingEvent {
        var result: Result<PendingEvent, InputError>!
        Array(text.utf8).withUnsafeBytes { bytes in
            result = Result { () throws(InputError) in try PendingEvent(inputLine: bytes) }
        }
        return try result.get()
    }

    @Test func acceptsAnyKeyOrderAndWhitespace() throws {
        let event = try parse(#" { "data": {"channel":"letter"}, "household":"HH-001", "actor":"coach-01", "effective":"2024-04-03", "type":"HouseholdApproached", "v":1, "key":"k1" } "#)
        #expect(event == PendingEvent(type: .householdApproached, effective: Fixtures.day + 2, actor: "coach-01",
                                      key: "k1", household: "HH-001", data: ["channel": "letter"]))
    }

    @Test(arguments: [
        (#"{"effective":"2024-04-03","actor":"a","data":{}}"#, "missing field type"),
        (#"{"type":"FundDeposited","actor":"a","data":{}}"#, "missing field effective"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","data":{}}"#, "missing field actor"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a"}"#, "missing field data"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":{},"seq":4}"#, "seq is assigned by the ledger"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":{},"prev":"00"}"#, "prev is assigned by the ledger"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":{},"colour":"red"}"#, "unknown field \"colour\""),
        (#"{"type":"Nope","effective":"2024-04-03","actor":"a","data":{}}"#, "unknown event type \"Nope\""),
        (#"{"type":"FundDeposited","effective":"2024-02-30","actor":"a","data":{}}"#, "effective \"2024-02-30\" is not a real"),
        (#"{"type":"FundDeposited","effective":"03-04-2024","actor":"a","data":{}}"#, "effective \"03-04-2024\""),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"J. Jansen","data":{}}"#, "actor \"J. Jansen\" is not an id"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":[]}"#, "data must be a JSON object"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":{"amountCents":12.50}}"#, "number 12.50 is not an integer"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","v":2,"data":{}}"#, "has no version 2"),
        (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","household":"HH-1","data":{}}"#, "FundDeposited has no household"),
        (#"{"type":"HouseholdApproached","effective":"2024-04-03","actor":"a","data":{}}"#, "needs a household"),
        (#"["type"]"#, "not a JSON object"),
        (#"{"type":"#, "not valid JSON"),
    ])
    func rejectsWithTheReason(text: String, reason: String) {
        #expect { try parse(text) } throws: { "\($0)".contains(reason) }
    }

    /// The one-pass reading of plain lines never disagrees with the full reading: what it
    /// accepts is the same event, and it accepts nothing the full reading refuses. Every event of
    /// the demo year is plain (so an import takes the fast path); odd but valid lines (escapes,
    /// whitespace, `v`) and refused ones go to the full reading.
    @Test func thePlainReadingAgreesWithTheFullReading() throws {
        func readings(_ text: String) -> (plain: PendingEvent?, full: Result<PendingEvent, InputError>) {
            Array(text.utf8).withUnsafeBytes { bytes in
                (PendingEvent(plainInputLine: bytes), Result { () throws(InputError) in try PendingEvent(parsingInputLine: bytes) })
            }
        }
        let demo = DemoProgram.immerloo().flatMap(\.events).map(\.inputLine)
        #expect(demo.count > 1000)
        for line in demo {
            let (plain, full) = readings(line)
            #expect(plain != nil && plain == (try? full.get()), "\(line)")
        }
        let base = #""type":"HouseholdApproached","effective":"2024-04-03","actor":"coach-01","household":"HH-001""#
        let odd = [
            (#"{\#(base),"data":{"channel":"letter"},"v":1,"key":"k-1"}"#, true),
            (#" {  "data" : { "channel" : "letter" } ,\#t"household":"HH-001", "actor":"coach-01","effective":"2024-04-03","type":"HouseholdApproached" } "#, true),
            (#"{"type":"HouseholdApproached","effective":"2024-04-03","actor":"coach-01","household":"HH-\u0030001","data":{"channel":"letter"}}"#, false),
            (#"{"type":"Household\u0041pproached","effective":"2024-04-03","actor":"coach-01","household":"HH-001","data":{"channel":"letter"}}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"type":"HouseholdApproached"}"#, false),
            (#"{\#(base),"data":{"channel":"letter"}} x"#, false),
            (#"{\#(base),"data":{"channel":"letter"},}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"seq":3}"#, false),
            (#"{\#(base),"data":{"channel":"letter","channel":"phone"}}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"v":2}"#, false),
            (#"{\#(base),"data":{"n":1.5}}"#, false),
            (#"{\#(base),"data":{"x":\#(String(repeating: "[", count: 31) + String(repeating: "]", count: 31))}}"#, false),
            (#"{\#(base),"data":{"x":\#(String(repeating: "[", count: 30) + String(repeating: "]", count: 30))}}"#, true),
            // The C reader finds data's end by its brackets and strings; the Swift reader reads it.
            (#"{"type":"HouseholdResponded","effective":"2024-04-03","actor":"coach-01","household":"HH-001","data":{"answer":"no","reason":"te \"druk}\" ]"}}"#, true),
            (#"{"type":"HouseholdResponded","effective":"2024-04-03","actor":"coach-01","household":"HH-001","data":{"answer":"no","reason":"\u00e9"}}"#, true),
            (#"{\#(base),"data":{"channel":"letter"}"#, false),
            (#"{\#(base),"data":{"channel":"letter"}}}"#, false),
            (#"{\#(base),"data":{"channel":"letter"]}"#, false),
            (#"{\#(base),"data":{"channel":"letter\"}}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"v":01}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"v":-1}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"v":1.0}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"effective":"2024-04-03"}"#, false),
            (#"{\#(base),"data":{"channel":"letter"},"households":"HH-001"}"#, false),
            (#"{"type":"HouseholdApproached ","effective":"2024-04-03","actor":"coach-01","household":"HH-001","data":{"channel":"letter"}}"#, false),
            (#"{"type":"HouseholdApproached","effective":"2024-4-03","actor":"coach-01","household":"HH-001","data":{"channel":"letter"}}"#, false),
            (#"{"type":"HouseholdApproached","effective":"2023-02-29","actor":"coach-01","household":"HH-001","data":{"channel":"letter"}}"#, false),
            (#"{"type":"HouseholdApproached","effective":"2024-02-29","actor":"coach-01","household":"HH-001","data":{"channel":"letter"}}"#, true),
            ("{\(base),\r\n\"data\":{\"channel\":\"letter\"}\t}\r", true),
            (#"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","household":"HH-1","data":{}}"#, false),
            (#"{"type":"HouseholdApproached","effective":"2024-04-03","actor":"a b","household":"HH-1","data":{}}"#, false),
            (#"{\#(base)}"#, false),
            ("{}", false),
        ]
        for (line, plainAccepts) in odd {
            let (plain, full) = readings(line)
            #expect((plain != nil) == plainAccepts, "\(line)")
            if let plain { #expect(plain == (try? full.get()), "\(line)") }
            if case .success = full {} else { #expect(plain == nil, "\(line)") }
        }
        // The escaped household id is the same event once the full reading decodes it.
        #expect((try? readings(odd[2].0).full.get())?.household == "HH-0001")
        // Damaged demo lines: whatever the plain reading takes, the full reading takes the same.
        var r = SplitMix64(seed: 7)
        var taken = 0
        for round in 0..<20_000 {
            let line = Mutation.apply(to: Array(demo[round % demo.count].utf8), &r, longest: 30)
            let (plain, full) = readings(String(decoding: line, as: UTF8.self))
            guard let plain else { continue }
            taken += 1
            #expect(plain == (try? full.get()), "\(String(decoding: line, as: UTF8.self))")
        }
        #expect(taken > 1000)  // the mutations that leave a valid line are taken, too
    }

    @Test func overlongInputLineIsRefused() {
        let text = #"{"type":"FundDeposited","effective":"2024-04-03","actor":"a","data":{"source":""# + String(repeating: "x", count: Limits.maxLineBytes) + #""}}"#
        #expect { try parse(text) } throws: { "\($0)".contains("over the \(Limits.maxLineBytes)-byte limit") }
    }
}
