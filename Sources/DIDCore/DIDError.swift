/// An error raised by `DIDCore`, with a stable ``code``.
///
/// The codes that are also DID resolution errors (`invalidDid`, `notFound`, `methodNotSupported`,
/// `invalidPublicKey`, `representationNotSupported`) carry the names of DID Resolution §7.1 /
/// the DID Specification Registries. Errors compare equal when their codes are equal.
public struct DIDError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages and resolution metadata (`invalidDid`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        // DID resolution errors.
        /// The DID does not follow DID Core §3.1 syntax.
        public static let invalidDid = Code("invalidDid")
        /// The DID URL does not follow DID Core §3.2 syntax.
        public static let invalidDidUrl = Code("invalidDidUrl")
        /// The DID or the DID URL's resource does not exist.
        public static let notFound = Code("notFound")
        /// No resolver for this method (or this key type of the method) is available.
        public static let methodNotSupported = Code("methodNotSupported")
        /// The public key in the DID is malformed: wrong multicodec, wrong length, invalid encoding.
        public static let invalidPublicKey = Code("invalidPublicKey")
        /// The requested representation (media type or verification method form) is not supported.
        public static let representationNotSupported = Code("representationNotSupported")

        // Encodings.
        /// A multibase string with an unknown prefix or invalid characters.
        public static let invalidMultibase = Code("invalidMultibase")
        /// A multibase encoding that exists but is not supported here.
        public static let unsupportedMultibase = Code("unsupportedMultibase")
        /// Invalid base58btc text.
        public static let invalidBase58 = Code("invalidBase58")
        /// Invalid or non-canonical base64url (padding, bad characters, non-zero trailing bits).
        public static let invalidBase64 = Code("invalidBase64")
        /// A malformed or non-minimal unsigned varint.
        public static let invalidVarint = Code("invalidVarint")

        // Documents and keys.
        /// A DID document member has the wrong type or a required member is missing.
        public static let invalidDocument = Code("invalidDocument")
        /// A verification method is malformed or does not hold the requested kind of key.
        public static let invalidVerificationMethod = Code("invalidVerificationMethod")
        /// A JWK is malformed, holds private members where a public key is required, or is of a
        /// type that cannot be used here.
        public static let invalidJwk = Code("invalidJwk")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation; its wording may change between releases.
    public let message: String
    /// The source file that raised the error (`#fileID`), for diagnostics.
    public let file: String
    /// The source line that raised the error, for diagnostics.
    public let line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation.
    ///   - file: The raising source file; defaults to the caller's.
    ///   - line: The raising source line; defaults to the caller's.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal; message and location are ignored.
    public static func == (lhs: DIDError, rhs: DIDError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
