/// Why an OpenID4VCI / OpenID4VP step failed, with a stable ``code``.
///
/// One error shape for the module, as `GuardedHTTPError` and `VerificationError` are for
/// theirs: compare codes, never message text. Messages never carry a secret (a `tx_code`, a
/// pre-authorized code, an access token, a nonce's purpose aside) and name library parameters,
/// never the tool's flags.
public struct OpenID4VCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages (`issuerMismatch`).
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        // Shared by every role.
        /// A message that is not what its specification defines: not JSON where JSON is due, a
        /// missing or mistyped member, an unknown value where the spec lists the allowed ones.
        public static let invalidMessage = Code("invalidMessage")
        /// A message over the size or count bounds this implementation sets.
        public static let messageTooLarge = Code("messageTooLarge")
        /// A fetch through the guarded client failed; the message carries its code.
        public static let transportFailed = Code("transportFailed")
        /// The peer answered with an OAuth / OpenID error response (`error`, `error_description`).
        public static let peerError = Code("peerError")
        /// A signed object (request object, key proof, credential) failed its signature check.
        public static let signatureInvalid = Code("signatureInvalid")
        /// A nonce, code, offer, state or request id that is unknown, expired or already used.
        public static let notFoundOrUsed = Code("notFoundOrUsed")

        // X.509.
        /// An `x5c` entry or trust anchor that is not a certificate this implementation takes: not
        /// canonical padded base64 of DER, not X.509, or a leaf key that is neither P-256 nor P-384.
        public static let invalidCertificate = Code("invalidCertificate")
        /// An `x5c` chain with no path to a configured trust anchor that RFC 5280 validation accepts
        /// (unknown root, expired, not a CA, wrong key usage, bad signature).
        public static let untrustedChain = Code("untrustedChain")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation; its wording may change.
    public let message: String
    /// Where the error was raised (`#fileID:#line`).
    public let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation, without secrets.
    ///   - fileID: The raising source file; defaults to the caller's.
    ///   - line: The raising source line; defaults to the caller's.
    public init(_ code: Code, _ message: String, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.location = "\(fileID):\(line)"
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal; message and location are ignored.
    public static func == (lhs: OpenID4VCError, rhs: OpenID4VCError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
