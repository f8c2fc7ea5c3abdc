import LedgerTesting
import Testing
@testable import LedgerCore

/// The catalogue's checks on an event before any rule: ids, typed fields, allowed values,
/// no personal data in free text.
struct CatalogueTests {
    typealias W = World

    static let refusals: [(PendingEvent, String)] = [
        (W.event(.householdApproached, actor: "Jan Jansen", ["channel": "letter"]), "actor \"Jan Jansen\" is not a pseudonym"),
        (W.event(.householdApproached, household: "HH-7", ["channel": "letter"]), "household \"HH-7\" is not a pseudonym"),
        (W.event(.householdApproached, household: "jansen", ["channel": "letter"]), "household \"jansen\" is not a pseudonym"),
        (W.event(.householdApproached, ["channel": "pigeon"]), "data.channel \"pigeon\" is not one of doorToDoor|letter|phone"),
        (W.event(.householdApproached, ["channel": "letter", "colour": "red"]), "data.colour is not a field of HouseholdApproached"),
        (W.event(.householdApproached, [:]), "data.channel is missing"),
        (W.event(.householdEnrolled, ["adults": 0, "minors": 1, "adultChildren": 0, "coach": "coach-01", "intensity": "average"]), "data.adults is 0, outside 1...40"),
        (W.event(.householdEnrolled, ["adults": 1, "minors": 1, "adultChildren": 0, "coach": "Piet", "intensity": "average"]), "data.coach \"Piet\" is not a coach pseudonym"),
        (W.event(.circumstancesAssessed, ["causes": ["incomeDrop", "incomeDrop"], "problemAreas": [], "priorHelp": ["none"]]), "data.causes lists incomeDrop twice"),
        (W.event(.circumstancesAssessed, ["causes": [], "problemAreas": [], "priorHelp": ["none", "youthCare"]]), "lists none together with other help"),
        (W.debt("HH-002/D-001", 100), "data.debt \"HH-002/D-001\" is not an id of household HH-001 (like HH-001/D-012)"),
        (W.debt("HH-001/X-001", 100), "is not an id of household HH-001"),
        (W.debt("HH-001/D-001", -5), "data.originalCents is -5 cents; it must be at least zero"),
        (W.event(.fundDeposited, household: nil, actor: "program-01", ["fund": "afkoopfonds", "amountCents": 0, "source": "gemeente"]), "data.amountCents is 0 cents; it must be more than zero"),
        (W.event(.fundDeposited, household: nil, actor: "program-01", ["fund": "Afkoop Fonds", "amountCents": 5, "source": "gemeente"]), "is not a fund id"),
        (W.event(.fundDeposited, household: nil, actor: "program-01", ["fund": "afkoopfonds", "amountCents": "5", "source": "gemeente"]), "data.amountCents \"5\" is not an integer number of cents"),
        (W.event(.offerSent, ["offer": "HH-001/O-001", "debt": "HH-001/D-001", "amountCents": 5, "expiresOn": "2024-06-31"]), "data.expiresOn \"2024-06-31\" is not a real YYYY-MM-DD date"),
        (W.event(.pauseInvoked, ["pause": "HH-001/P-1", "debts": [], "from": "2024-05-01", "until": "2024-06-01"]), "data.debts [] is not a non-empty list"),
        (W.event(.householdExited, ["reason": "other", "note": "mail jan@example.nl"]), "data.note contains what looks like an e-mail address (ja…)"),
        (W.event(.householdExited, ["reason": "other", "note": "rekening NL91 ABNA 0417 1643 00"]), "data.note contains what looks like an IBAN (NL…)"),
        (W.event(.householdExited, ["reason": "other", "note": "bsn 111222333"]), "data.note contains what looks like a BSN-like number (11…)"),
        (W.event(.householdExited, ["reason": "other", "note": "bel 06-12345678"]), "data.note contains what looks like a phone number (06…)"),
        (W.event(.householdExited, ["reason": "other", "note": "   "]), "data.note is empty"),
        (W.event(.householdExited, ["reason": "other", "note": "a\u{7}b"]), "data.note contains a control character"),
        (W.event(.householdExited, ["reason": "other", "note": .string(String(repeating: "x", count: 501))]), "over the limit of 500"),
        (W.event(.settlementPaid, ["offer": "HH-001/O-001", "fund": "afkoopfonds", "amountCents": 5, "paymentRef": "NL91ABNA0417164300"]), "data.paymentRef contains what looks like an IBAN"),
    ]

    @Test(arguments: refusals.indices)
    func refusedWithTheField(case index: Int) {
        let (event, reason) = Self.refusals[index]
        #expect { _ = try DomainEvent(event) } throws: { "\($0)".contains(reason) }
    }

    @Test func dataIsPutInCatalogueOrder() throws {
        let event = W.event(.offerSent, ["expiresOn": "2024-06-30", "amountCents": 5, "debt": "HH-001/D-001", "offer": "HH-001/O-001"])
        let domain = try DomainEvent(event)
        #expect(domain.envelope.data.members.map(\.key) == ["offer", "debt", "amountCents", "expiresOn"])
        // An optional field given as null is left out, as the catalogue writes it.
        #expect(try DomainEvent(W.event(.householdResponded, ["answer": "no", "reason": .null])).envelope.data == ["answer": "no"])
        #expect(try DomainEvent(W.event(.householdResponded, ["reason": "geen tijd", "answer": "no"])).envelope.data == ["answer": "no", "reason": "geen tijd"])
        // Data in order already is kept as given (not built again): still just what the payload writes.
        for event in DemoProgram.immerloo().flatMap(\.events) {
            let domain = try DomainEvent(event)
            #expect(domain.envelope.data == domain.payload.data)
            var shuffled = event
            shuffled.data.members.reverse()
            #expect(try DomainEvent(shuffled).envelope.data == domain.payload.data)
        }
    }

    @Test func everyTypeReadsBackWhatItWrites() throws {
        // One valid data object per type, written and read again.
        let samples: [EventType: JSONObject] = [
            .typologyAssessed: ["selfReliance": "vulnerable", "multiproblem": "severe", "note": "na gesprek"],
            .repaymentAgreed: ["monthlyCents": 2_500, "months": 12, "inKind": true],
            .debtRegistered: ["debt": "HH-001/D-001", "creditor": "CJIB", "category": "rijksoverheid", "originalCents": 100, "currentCents": 120,
                              "reference": "CJIB-2024-77", "collector": "Deurwaarder Oost", "preferential": true, "lateClaim": false],
        ]
        for (type, data) in samples {
            let payload = try Payload.read(type, data, household: "HH-001")
            #expect(payload.data == data)
            #expect(try Payload.read(type, payload.data, household: "HH-001") == payload)
        }
    }
}

struct PrivacyGuardTests {
    @Test(arguments: [
        "bsn 123456782", "BSN: 123.456.782", "bsn 1234 56 782",
        "NL91ABNA0417164300", "nl91 abna 0417 1643 00", "DE89 3704 0044 0532 0130 00", "NL12RABO0123456789",
        "jan.jansen@example.nl", "mail j@x.io please",
        "06-12345678", "06 1234 5678", "+31 6 12345678", "0031612345678", "020-1234567", "+44 20 7946 0958",
    ])
    func personalDataIsFound(text: String) {
        #expect(PrivacyGuard.personalData(in: text) != nil, "\(text)")
    }

    @Test(arguments: [
        "schuld bij CJIB sinds 2021", "regeling 24 maanden à 25 euro", "dossier 2024-0077", "bedrag 1234.56",
        "123456789", "kenmerk 999999999", "PAY-0042", "HH-007/D-012", "betaald op 2024-06-20", "@ kantoor",
        "Woonstede", "12 debts, 3 creditors",
    ])
    func ordinaryTextPasses(text: String) {
        #expect(PrivacyGuard.personalData(in: text) == nil, "\(text)")
    }

    @Test func elevenTest() {
        #expect(PrivacyGuard.elevenTest([1, 2, 3, 4, 5, 6, 7, 8, 2]))
        #expect(!PrivacyGuard.elevenTest([1, 2, 3, 4, 5, 6, 7, 8, 9]))
        #expect(!PrivacyGuard.elevenTest([0, 0, 0, 0, 0, 0, 0, 0, 0]))
    }
}

struct MoneyTests {
    @Test func eurosReadUnambiguously() {
        #expect(Money.parseEuros("1234.56") == 123_456)
        #expect(Money.parseEuros("1234.5") == 123_450)
        #expect(Money.parseEuros("1234") == 123_400)
        #expect(Money.parseEuros("0.07") == 7)
        for refused in ["1.234,56", "1,234.56", "1234,56", "12.345", "-5", "", ".5", "5.", "€5", "1e3", "１２"] {
            #expect(Money.parseEuros(refused) == nil, "\(refused)")
        }
    }

    @Test func eurosWritten() {
        #expect(Money.euros(123_456) == "1234.56")
        #expect(Money.euros(7) == "0.07")
        #expect(Money.euros(-5) == "-0.05")
        #expect(Money.euros(42_500_000) == "425000.00")
    }
}
