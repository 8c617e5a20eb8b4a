/// An error raised by `StrictJSON`: a stable ``code``, a message and, for parse errors, the byte
/// offset in the input where the problem was found.
///
/// Errors compare equal when their codes are equal, so callers and tests match on codes.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input ended inside a value.
        public static let unexpectedEndOfInput = Code("unexpectedEndOfInput")
        /// A byte that cannot start or continue the expected token.
        public static let unexpectedCharacter = Code("unexpectedCharacter")
        /// A number that does not follow RFC 8259 §6 (leading zeros, bare `.`, `+1`, `NaN`...).
        public static let invalidNumber = Code("invalidNumber")
        /// A backslash escape other than those of RFC 8259 §7, or a malformed `\u` escape.
        public static let invalidEscape = Code("invalidEscape")
        /// A `\u` escape for a UTF-16 surrogate without its partner.
        public static let loneSurrogate = Code("loneSurrogate")
        /// Bytes inside a string that are not well-formed UTF-8 (RFC 3629).
        public static let invalidUTF8 = Code("invalidUTF8")
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        public static let controlCharacterInString = Code("controlCharacterInString")
        /// The same member name twice in one object (compared after unescaping, scalar by scalar).
        public static let duplicateKey = Code("duplicateKey")
        /// Non-whitespace after the top-level value.
        public static let trailingData = Code("trailingData")
        /// Arrays and objects nested deeper than the configured limit.
        public static let depthLimitExceeded = Code("depthLimitExceeded")
        /// Input longer than the configured limit.
        public static let sizeLimitExceeded = Code("sizeLimitExceeded")
        /// A number that has no finite IEEE 754 double value, which RFC 8785 cannot serialise.
        public static let numberNotRepresentable = Code("numberNotRepresentable")
        /// A number whose text states more than its IEEE 754 double holds (`12345678901234567890`,
        /// `0.10000000000000000001`): not I-JSON (RFC 7493 §2.2), which RFC 8785 §3.1 requires, so
        /// it has no canonical form (see ``JSONNumber/hasExactCanonicalForm``).
        public static let numberNotIJSON = Code("numberNotIJSON")
        /// A value of another JSON type than the one asked for.
        public static let typeMismatch = Code("typeMismatch")
    }

    public let code: Code
    public let message: String
    /// The byte offset in the input, for parse errors.
    public let offset: Int?
    public let file: String
    public let line: UInt

    public init(_ code: Code, _ message: String, offset: Int? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.offset = offset
        self.file = file
        self.line = line
    }

    public var description: String {
        if let offset { return "\(code) at byte \(offset): \(message)" }
        return "\(code): \(message)"
    }

    public static func == (lhs: JSONError, rhs: JSONError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
