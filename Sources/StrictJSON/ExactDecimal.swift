/// The exact decimal value of a JSON number's text (RFC 8259 §6 grammar): its sign, its
/// significant digits without leading or trailing zeros, and the power of ten of the last one.
/// Two texts have the same value exactly when these are equal (any two zeros are equal, `-0`
/// included); no floating point is involved.
struct ExactDecimal: Equatable {
    /// Exponents beyond this magnitude are kept at it: a non-zero number that far out has no
    /// finite, non-zero double anyway, so nothing else compares equal to it.
    static let exponentLimit = 1 << 40

    var isNegative = false
    /// ASCII digits, the first and the last non-zero; empty for zero.
    var digits: [UInt8] = []
    /// value = digits × 10^exponent.
    var exponent = 0

    /// `text` must match the RFC 8259 number grammar (a `JSONNumber`'s text does).
    init(_ text: String) {
        var bytes = text.utf8.makeIterator()
        var byte = bytes.next()
        if byte == UInt8(ascii: "-") {
            isNegative = true
            byte = bytes.next()
        }
        var fractionDigits = 0
        var inFraction = false
        while let current = byte {
            if current == UInt8(ascii: ".") {
                inFraction = true
            } else if current &- 0x30 < 10 {
                if !digits.isEmpty || current != UInt8(ascii: "0") { digits.append(current) }
                if inFraction { fractionDigits += 1 }
            } else {
                break  // e or E
            }
            byte = bytes.next()
        }
        var explicitExponent = 0
        if byte != nil {
            var negativeExponent = false
            byte = bytes.next()
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negativeExponent = byte == UInt8(ascii: "-")
                byte = bytes.next()
            }
            while let current = byte, current &- 0x30 < 10 {
                explicitExponent = min(explicitExponent * 10 + Int(current &- 0x30), Self.exponentLimit)
                byte = bytes.next()
            }
            if negativeExponent { explicitExponent = -explicitExponent }
        }
        exponent = explicitExponent - fractionDigits
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            isNegative = false
            exponent = 0
        }
    }
}
