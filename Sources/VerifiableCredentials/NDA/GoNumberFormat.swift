import StrictJSON

/// How NDA's SDK writes a JSON number before canonicalization: Go's `fmt.Sprintf("%v", f)` of
/// the number decoded as a float64, that is `strconv.FormatFloat(f, 'g', -1, 64)` — the shortest
/// digits that read back as the same double, in exponent form `d[.ddd]e±XX` (at least two
/// exponent digits) when the decimal exponent is below −4 or at least 6 (Go `strconv/ftoa.go`:
/// with shortest precision, 6 decides), else as a plain decimal without trailing zeros.
/// `1000000` → `1e+06`, `0.00001` → `1e-05`, `50000` → `50000`, `-0` → `-0`.
enum GoNumberFormat {
    /// The `%v` text of `number`'s double. Throws `numberNotIJSON` when the double is not the
    /// number's exact value (`9007199254740993`, `1e400`): the signature would then cover a value
    /// other than the one the JSON states (security requirement 34's rule, decision 0028).
    static func percentV(_ number: JSONNumber) throws(VCError) -> String {
        guard number.hasExactCanonicalForm else {
            throw VCError(.numberNotIJSON, "the number \(number.text) has no exact float64 form: NDA would sign another value")
        }
        return percentV(number.doubleValue)
    }

    /// The `%v` text of a finite double.
    static func percentV(_ value: Double) -> String {
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        // Swift's description is the shortest round-trip digits too; only the layout differs.
        let (digits, exponent) = shortestDigits(value.magnitude)
        if exponent < -4 || exponent >= 6 {
            let mantissa = digits.count > 1 ? String(digits.first!) + "." + digits.dropFirst() : String(digits)
            let magnitude = exponent.magnitude
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        let pointPosition = exponent + 1
        if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + digits }
        if pointPosition >= digits.count { return sign + digits + String(repeating: "0", count: pointPosition - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The significant digits (no leading or trailing zeros) and the decimal exponent x of
    /// value = d.ddd × 10^x, for a positive finite double.
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = value.description
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].replacingPlus()) ?? 0
        }
        let integerPart = mantissa.firstIndex(of: ".").map { mantissa[..<$0] } ?? mantissa
        var digits = mantissa.filter { $0 != "." }
        // value = 0.digits × 10^(integer digits) × 10^exponent before zeros are trimmed.
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits.isEmpty ? "0" : digits, pointPosition - 1)
    }
}

private extension Substring {
    /// `+12` → `12` (`Int` reads a leading minus, not a plus, in older runtimes).
    func replacingPlus() -> Substring { first == "+" ? dropFirst() : self }
}
