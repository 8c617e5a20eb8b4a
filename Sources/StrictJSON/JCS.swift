/// The JSON Canonicalization Scheme (RFC 8785).
///
/// Members are sorted by the UTF-16 code units of their names (§3.2.3), numbers are written in
/// ECMAScript form (§3.2.2.3), strings with the minimal escaping of §3.2.2.2, and no whitespace.
public enum JCS {
    /// The canonical UTF-8 bytes of `value`. Fails with `numberNotRepresentable` for a number
    /// whose double value is not finite (for example `1e400`), and with `numberNotIJSON` for one
    /// whose text states more than its double holds (`12345678901234567890`, canonically
    /// `12345678901234567000`): RFC 8785 §3.1 requires I-JSON (RFC 7493 §2.2), and a signature
    /// over the rounded form would also cover every other number that rounds the same way.
    public static func canonicalize(_ value: JSONValue) throws(JSONError) -> [UInt8] {
        try canonicalize(value, roundingInexactNumbers: false)
    }

    /// As above; with `roundingInexactNumbers`, a number I-JSON excludes is written as its
    /// double's form instead of refused, as RFC 8785's own examples and test data do (their
    /// `333333333.33333329` becomes `333333333.3333333`). Not for anything signed.
    static func canonicalize(_ value: JSONValue, roundingInexactNumbers: Bool) throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        try write(value, into: &output, rounding: roundingInexactNumbers)
        return output
    }

    /// The canonical form of `value` as a string.
    public static func canonicalString(_ value: JSONValue) throws(JSONError) -> String {
        String(decoding: try canonicalize(value), as: UTF8.self)
    }

    /// Parses `json` strictly and returns its canonical form.
    public static func canonicalize(json: [UInt8], options: JSONParser.Options = .default) throws(JSONError) -> [UInt8] {
        try canonicalize(JSONParser(options: options).parse(json))
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], rounding: Bool) throws(JSONError) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): try writeNumber(number, into: &output, rounding: rounding)
        case .string(let string): JSONStringEscaping.write(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                try write(element, into: &output, rounding: rounding)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = object.members
            var order = Array(members.indices)
            if !isSorted(members) {
                order.sort { UTF16Order.precedes(members[$0].key, members[$1].key) }
            }
            var first = true
            for index in order {
                let member = members[index]
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONStringEscaping.write(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(member.value, into: &output, rounding: rounding)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func isSorted(_ members: [JSONObject.Member]) -> Bool {
        var index = 1
        while index < members.count {
            guard UTF16Order.precedes(members[index - 1].key, members[index].key) else { return false }
            index += 1
        }
        return true
    }

    private static func writeNumber(_ number: JSONNumber, into output: inout [UInt8], rounding: Bool) throws(JSONError) {
        // Fast path: a short plain integer is already in canonical form when it has no leading
        // zeros, is not negative zero and is exactly representable (|n| < 2^53).
        let text = number.text.utf8
        if text.count <= 15, isCanonicalInteger(text) {
            output.appendUTF8(of: number.text)
            return
        }
        if text.count <= 24, isCanonicalDecimal(text) {
            output.appendUTF8(of: number.text)
            return
        }
        let value = number.doubleValue
        guard value.isFinite else {
            throw JSONError(.numberNotRepresentable, "the number \(number.abbreviatedText) has no finite double value")
        }
        let canonical = ECMAScriptNumber.format(value)
        guard rounding || ExactDecimal(number.text) == ExactDecimal(canonical) else {
            throw JSONError(.numberNotIJSON, "the number \(number.abbreviatedText) is not exactly its double \(canonical) (I-JSON, RFC 7493 §2.2)")
        }
        output.appendUTF8(of: canonical)
    }

    /// Whether a plain decimal (`-?int.frac`, no exponent) is already in ECMAScript form: no
    /// leading zeros, a fraction that ends in a non-zero digit, at most 15 significant digits
    /// (so the double holds exactly these digits and no shorter string round-trips to it), and a
    /// magnitude of at least 10^-6 (smaller ones are written with an exponent).
    private static func isCanonicalDecimal(_ text: String.UTF8View) -> Bool {
        var iterator = text.makeIterator()
        guard var byte = iterator.next() else { return false }
        if byte == UInt8(ascii: "-") {
            guard let next = iterator.next() else { return false }
            byte = next
        }
        var significant = 0
        let integerIsZero = byte == UInt8(ascii: "0")
        if integerIsZero {
            guard let next = iterator.next() else { return false }
            byte = next
        } else {
            while byte &- 0x30 < 10 {
                significant += 1
                guard let next = iterator.next() else { return false }  // an integer: not this path
                byte = next
            }
        }
        guard byte == UInt8(ascii: "."), significant > 0 || integerIsZero else { return false }
        var leadingZeros = 0
        var last: UInt8 = 0
        var digits = 0
        while let next = iterator.next() {
            guard next &- 0x30 < 10 else { return false }  // an exponent or anything else
            digits += 1
            if integerIsZero && significant == 0 && next == UInt8(ascii: "0") {
                leadingZeros += 1
            } else {
                significant += 1
            }
            last = next
        }
        guard digits > 0, last != UInt8(ascii: "0"), significant <= 15 else { return false }
        return !integerIsZero || leadingZeros < 6
    }

    static func isCanonicalInteger(_ text: String.UTF8View) -> Bool {
        var iterator = text.makeIterator()
        guard var byte = iterator.next() else { return false }
        if byte == UInt8(ascii: "-") {
            guard let next = iterator.next() else { return false }
            byte = next
            if byte == UInt8(ascii: "0") { return false }  // -0 canonicalises to 0
        }
        if byte == UInt8(ascii: "0") { return iterator.next() == nil }
        guard byte &- 0x30 < 10 else { return false }
        while let next = iterator.next() {
            guard next &- 0x30 < 10 else { return false }
        }
        return true
    }
}


/// Ordering of member names by UTF-16 code units (RFC 8785 §3.2.3), computed on UTF-8 bytes.
///
/// UTF-8 byte order is code point order, which equals UTF-16 order except between U+E000–U+FFFF
/// and supplementary characters (which UTF-16 writes as surrogates U+D800–U+DFFF). Only when the
/// first differing bytes fall in that case is the UTF-16 view compared.
enum UTF16Order {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast: Bool? = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b -> Bool? in
                let length = min(a.count, b.count)
                var index = 0
                while index < length && a[index] == b[index] { index += 1 }
                if index == length { return a.count < b.count }
                let x = a[index], y = b[index]
                // Lead bytes 0xEE/0xEF start U+E000–U+FFFF; 0xF0–0xF4 start supplementary ones.
                // A difference in a continuation byte compares like code points too.
                if (x >= 0xEE && y >= 0xEE) && ((x >= 0xF0) != (y >= 0xF0)) { return nil }
                return x < y
            } ?? nil
        } ?? nil
        if let fast { return fast }
        return lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }
}
