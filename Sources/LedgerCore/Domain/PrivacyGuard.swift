/// Free text in the log (`note`, `reason`, `source`, creditor names, references) must not carry
/// personal data: the log is immutable, so what it holds can never be erased. This finds what
/// looks like a BSN, an IBAN, an e-mail address or a phone number.
public enum PrivacyGuard {
    /// What the text seems to contain, masked so the message itself leaks nothing; nil when clean.
    public static func personalData(in text: String) -> String? {
        let characters = Array(text.unicodeScalars)
        if let email = emailAddress(characters) { return "an e-mail address (\(mask(email)))" }
        if let iban = iban(characters) { return "an IBAN (\(mask(iban)))" }
        for run in digitRuns(characters) {
            if run.digits.count == 9 && elevenTest(run.digits) { return "a BSN-like number (\(mask(run.text)))" }
            if isPhoneNumber(run) { return "a phone number (\(mask(run.text)))" }
        }
        return nil
    }

    /// The 11-test (elfproef) of Dutch citizen service numbers: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11).
    public static func elevenTest(_ digits: [Int]) -> Bool {
        guard digits.count == 9, digits.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for i in 0..<8 { sum += (9 - i) * digits[i] }
        sum -= digits[8]
        return sum % 11 == 0
    }

    /// Digits with the separators people put inside numbers (space, `.`, `-`, `(`, `)`), and a
    /// leading `+` kept, so `06-12 34 56 78` and `+31 6 1234 5678` come out whole.
    struct DigitRun {
        var digits: [Int]
        var text: String
        var plus: Bool
    }

    static func digitRuns(_ characters: [Unicode.Scalar]) -> [DigitRun] {
        var runs: [DigitRun] = []
        var i = 0
        while i < characters.count {
            let startsWithPlus = characters[i] == "+" && i + 1 < characters.count && isDigit(characters[i + 1])
            guard isDigit(characters[i]) || startsWithPlus else { i += 1; continue }
            var run = DigitRun(digits: [], text: "", plus: startsWithPlus)
            if startsWithPlus { run.text.unicodeScalars.append("+"); i += 1 }
            while i < characters.count {
                let c = characters[i]
                if isDigit(c) {
                    run.digits.append(Int(c.value) - 48)
                } else if " .-()".unicodeScalars.contains(c), i + 1 < characters.count,
                          isDigit(characters[i + 1]) || characters[i + 1] == "(" {
                    // a separator inside the number
                } else {
                    break
                }
                run.text.unicodeScalars.append(c)
                i += 1
            }
            runs.append(run)
        }
        return runs
    }

    /// Dutch numbers: 10 digits starting with 0 (`06 12345678`, `020-1234567`), or `+31`/`0031`
    /// followed by 9 digits; other international numbers: `+` and 8 to 15 digits.
    static func isPhoneNumber(_ run: DigitRun) -> Bool {
        let d = run.digits
        if run.plus { return (8...15).contains(d.count) }
        if d.count == 10 && d.first == 0 && d[1] != 0 { return true }
        if d.count == 13 && d.starts(with: [0, 0, 3, 1]) { return true }
        return false
    }

    static func emailAddress(_ characters: [Unicode.Scalar]) -> String? {
        for (index, c) in characters.enumerated() where c == "@" {
            var start = index, end = index + 1
            while start > 0 && isEmailCharacter(characters[start - 1]) { start -= 1 }
            while end < characters.count && (isEmailCharacter(characters[end]) || characters[end] == ".") { end += 1 }
            let domain = characters[(index + 1)..<end]
            if start < index, domain.contains("."), domain.last != "." {
                return String(String.UnicodeScalarView(characters[start..<end]))
            }
        }
        return nil
    }

    /// Two letters, two check digits and 10 to 30 letters or digits (spaces allowed between
    /// groups), where the ISO 13616 mod-97 check holds — or any Dutch-shaped one
    /// (NLkk BANK 0123456789), checksum or not, since a mistyped IBAN is still someone's.
    static func iban(_ characters: [Unicode.Scalar]) -> String? {
        let upper = characters.map { ("a"..."z").contains($0) ? Unicode.Scalar($0.value - 32)! : $0 }
        for start in upper.indices where isLetter(upper[start]) && (start == 0 || !isAlphanumeric(upper[start - 1])) {
            var compact: [Unicode.Scalar] = []
            var i = start
            while i < upper.count && compact.count < 34 {
                if isAlphanumeric(upper[i]) {
                    compact.append(upper[i])
                } else if !(upper[i] == " " && i + 1 < upper.count && isAlphanumeric(upper[i + 1])) {
                    break
                }
                i += 1
            }
            guard compact.count >= 14, isLetter(compact[1]), isDigit(compact[2]), isDigit(compact[3]) else { continue }
            // The IBAN may run into the next word; try the longest candidates first.
            for length in stride(from: compact.count, through: 14, by: -1) {
                let candidate = Array(compact[0..<length])
                let dutch = candidate[0] == "N" && candidate[1] == "L" && length == 18
                    && candidate[4..<8].allSatisfy(isLetter) && candidate[8...].allSatisfy(isDigit)
                if dutch || mod97(candidate) == 1 { return String(String.UnicodeScalarView(candidate)) }
            }
        }
        return nil
    }

    private static func mod97(_ iban: [Unicode.Scalar]) -> Int {
        var remainder = 0
        for c in iban[4...] + iban[..<4] {
            let value = isDigit(c) ? Int(c.value) - 48 : Int(c.value) - 55
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder
    }

    private static func mask(_ text: String) -> String { String(text.prefix(2)) + "…" }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool { isLetter(c) || isDigit(c) || ("a"..."z").contains(c) }
    private static func isEmailCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || isDigit(c) || "._%+-".unicodeScalars.contains(c)
    }
}
