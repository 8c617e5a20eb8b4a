/// Number to string conversion as ECMAScript's `Number::toString` (ECMA-262 §6.1.6.1.20)
/// defines it, which RFC 8785 §3.2.2.3 adopts for canonical JSON.
///
/// The shortest digit string that round-trips is taken from Swift's `description`, which is
/// shortest-and-closest like ECMAScript's; only the layout differs, and is redone here.
enum ECMAScriptNumber {
    static func format(_ value: Double) -> String {
        precondition(value.isFinite, "only finite numbers have an ECMAScript form")
        if value == 0 { return "0" }  // also -0
        var digits: [UInt8] = []
        var exponent = 0  // value = 0.d1d2d3... × 10^exponent, i.e. ECMAScript's n
        decompose(value.magnitude, digits: &digits, exponent: &exponent)

        var output: [UInt8] = []
        output.reserveCapacity(digits.count + 8)
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            // Integer: digits followed by n - k zeros.
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            output.append(contentsOf: digits[0..<n])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            if k > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: digits[1...])
            }
            output.append(UInt8(ascii: "e"))
            output.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            output.append(contentsOf: String((n - 1).magnitude).utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Splits Swift's shortest representation ("1.2345e-07", "123.0", "0.001") into significant
    /// digits without leading or trailing zeros and the decimal exponent `n`.
    private static func decompose(_ magnitude: Double, digits: inout [UInt8], exponent: inout Int) {
        let text = Array(magnitude.description.utf8)
        var mantissa = text[...]
        var explicitExponent = 0
        if let e = text.firstIndex(of: UInt8(ascii: "e")) {
            mantissa = text[..<e]
            var sign = 1
            var position = e + 1
            if text[position] == UInt8(ascii: "-") { sign = -1; position += 1 } else if text[position] == UInt8(ascii: "+") { position += 1 }
            var value = 0
            while position < text.count { value = value * 10 + Int(text[position] - UInt8(ascii: "0")); position += 1 }
            explicitExponent = sign * value
        }
        var integerDigits = 0
        var seenPoint = false
        for byte in mantissa {
            if byte == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(byte)
            if !seenPoint { integerDigits += 1 }
        }
        // Strip leading zeros (each one moves the point left).
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == UInt8(ascii: "0") { leading += 1 }
        digits.removeFirst(leading)
        while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }
        exponent = integerDigits - leading + explicitExponent
    }
}
