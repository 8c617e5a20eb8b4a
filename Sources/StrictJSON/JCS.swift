/// The JSON Canonicalization Scheme (RFC 8785).
///
/// Members are sorted by the UTF-16 code units of their names (§3.2.3), numbers are written in
/// ECMAScript form (§3.2.2.3), strings with the minimal escaping of §3.2.2.2, and no whitespace.
public enum JCS {
    /// The canonical UTF-8 bytes of `value`. Fails with `numberNotRepresentable` for a number
    /// whose double value is not finite (for example `1e400`).
    public static func canonicalize(_ value: JSONValue) throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        try write(value, into: &output)
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

    private static func write(_ value: JSONValue, into output: inout [UInt8]) throws(JSONError) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): try writeNumber(number, into: &output)
        case .string(let string): JSONStringEscaping.write(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                try write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let sorted = object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            var first = true
            for member in sorted {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONStringEscaping.write(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeNumber(_ number: JSONNumber, into output: inout [UInt8]) throws(JSONError) {
        // Fast path: a short plain integer is already in canonical form when it has no leading
        // zeros, is not negative zero and is exactly representable (|n| < 2^53).
        let text = number.text.utf8
        if text.count <= 15, isCanonicalInteger(text) {
            output.append(contentsOf: text)
            return
        }
        let value = number.doubleValue
        guard value.isFinite else {
            throw JSONError(.numberNotRepresentable, "the number \(number.text) has no finite double value")
        }
        output.append(contentsOf: ECMAScriptNumber.format(value).utf8)
    }

    private static func isCanonicalInteger(_ text: String.UTF8View) -> Bool {
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

