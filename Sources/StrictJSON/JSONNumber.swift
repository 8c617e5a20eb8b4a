/// A JSON number kept as the exact text it was parsed from (RFC 8259 §6), so that nothing is
/// lost before a signature or a canonical form is computed.
public struct JSONNumber: Sendable, CustomStringConvertible {
    /// The number's text as it appeared in the input (or as produced for a Swift value).
    public let text: String

    /// Wraps text already known to match the RFC 8259 number grammar (the parser's path).
    init(uncheckedText: String) { self.text = uncheckedText }

    /// A number from its JSON text; `nil` unless the whole text matches the RFC 8259 grammar.
    public init?(text: String) {
        guard NumberGrammar.matches(Array(text.utf8)) else { return nil }
        self.text = text
    }

    /// The number with the decimal text of `value`.
    public init(_ value: Int) { self.text = String(value) }

    /// The ECMAScript form of a finite double (the form RFC 8785 uses); `nil` for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.text = ECMAScriptNumber.format(value)
    }

    /// The nearest IEEE 754 double (round half to even), which may be infinite for huge text.
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The exact integer value, when the text is an integer (no fraction or exponent) that fits.
    public var int64Value: Int64? { Int64(text) }

    /// Whether the exact decimal value of ``text`` is that of its RFC 8785 form (the ECMAScript
    /// form of its double, §3.2.2.3): what I-JSON asks of numbers (RFC 7493 §2.2, which RFC 8785
    /// §3.1 requires), so that a canonical form or a signature over it stands for this number and
    /// no other. `1.0`, `1e2`, `0.1` and `-0` have one; `12345678901234567890` (its double is
    /// 12345678901234567168), `9007199254740993`, `0.10000000000000000001` and `1E400` do not.
    public var hasExactCanonicalForm: Bool {
        // A plain decimal with at most 15 significant digits (DBL_DIG) is the value its double's
        // shortest form has; at most 24 characters keep it far from underflow.
        if text.utf8.count <= 24, Self.isShortPlainDecimal(text.utf8) { return true }
        let value = doubleValue
        return value.isFinite && ExactDecimal(text) == ExactDecimal(ECMAScriptNumber.format(value))
    }

    /// `-?digits(.digits)?` with at most 15 significant digits (leading zeros do not count).
    static func isShortPlainDecimal(_ text: String.UTF8View) -> Bool {
        var significant = 0
        for byte in text {
            if byte &- 0x30 < 10 {
                if significant > 0 || byte != UInt8(ascii: "0") { significant += 1 }
            } else if byte != UInt8(ascii: ".") && byte != UInt8(ascii: "-") {
                return false  // an exponent
            }
        }
        return significant <= 15
    }

    /// The text for a message: at most 40 characters.
    var abbreviatedText: String { text.utf8.count <= 40 ? text : String(text.prefix(40)) + "…" }

    /// The number's exact text, as parsed or written.
    public var description: String { text }
}

extension JSONNumber: Hashable {
    /// Numbers are equal when their double values are (`1.0` equals `1`, as JCS would make them).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || lhs.doubleValue == rhs.doubleValue
    }

    /// Hashes the double value (with +0 and -0 alike), consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        let value = doubleValue
        hasher.combine(value == 0 ? 0 : value)  // +0 and -0 are equal
    }
}

/// The number grammar of RFC 8259 §6: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
enum NumberGrammar {
    enum ScanResult {
        /// The number's length in bytes.
        case success(Int)
        /// The offset of the first byte that breaks the grammar.
        case failure(Int)
    }

    /// The length of the longest prefix of `bytes[start...]` that is a number, or the offset of
    /// the first byte that breaks the grammar, as `.failure`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> ScanResult {
        var index = start
        let end = bytes.count
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < end && bytes[i] &- 0x30 < 10 }
        if index < end && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end else { return .failure(index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { return .failure(index) }  // no leading zeros
        } else if isDigit(index) {
            while isDigit(index) { index += 1 }
        } else {
            return .failure(index)
        }
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return .failure(index) }
            while isDigit(index) { index += 1 }
        }
        if index < end && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { return .failure(index) }
            while isDigit(index) { index += 1 }
        }
        return .success(index - start)
    }

    static func matches(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            if case .success(let length) = scan(buffer, from: 0) { length == buffer.count } else { false }
        }
    }
}
