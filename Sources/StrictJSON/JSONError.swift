/// An error raised by `StrictJSON`: a stable ``code``, a message and, for parse errors, the byte
/// offset in the input where the problem was found.
///
/// Errors compare equal when their codes are equal, so callers and tests match on codes.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages and reports (`duplicateKey`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
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

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation; its wording may change between releases.
    public let message: String
    /// The byte offset in the input, for parse errors.
    public let offset: Int?
    /// The source file that raised the error (`#fileID`), for diagnostics.
    public let file: String
    /// The source line that raised the error, for diagnostics.
    public let line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation.
    ///   - offset: The byte offset in the input, for parse errors.
    ///   - file: The raising source file; defaults to the caller's.
    ///   - line: The raising source line; defaults to the caller's.
    public init(_ code: Code, _ message: String, offset: Int? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.offset = offset
        self.file = file
        self.line = line
    }

    /// The code, the offset when there is one, and the message.
    public var description: String {
        if let offset { return "\(code) at byte \(offset): \(message)" }
        return "\(code): \(message)"
    }

    /// Errors are equal when their codes are equal; message and location are ignored.
    public static func == (lhs: JSONError, rhs: JSONError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
