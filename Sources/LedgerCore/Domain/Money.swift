/// Money is integer euro cents everywhere; these are the two places it meets people.
public enum Money {
    /// `123456` → `1234.56`; `-5` → `-0.05`. No thousands separators, so output can be pasted back.
    public static func euros(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let rest = magnitude % 100
        return "\(sign)\(magnitude / 100).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// Reads euros as people type them for a ledger: digits, optionally a dot and one or two
    /// digits of cents (`1234.56`, `1234.5`, `1234`). Commas and thousands separators are
    /// refused rather than guessed: `1.234,56` and `1,234.56` mean different things to different
    /// people, and a wrong guess moves money by a factor of a thousand.
    public static func parseEuros(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let euros = Int64(whole) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.utf8.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int64(fraction) else { return nil }
            cents = fraction.utf8.count == 1 ? value * 10 : value
        }
        return euros * 100 + cents
    }
}
