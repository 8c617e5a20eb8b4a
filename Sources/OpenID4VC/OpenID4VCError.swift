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

        // Issuance.
        /// A metadata document names another issuer than the one it was fetched for: the Credential
        /// Issuer metadata's `credential_issuer` is not the offer's (OpenID4VCI 1.0 §12.2.4), or an
        /// authorization server's `issuer` is not the one asked for (RFC 8414 §3.3).
        public static let issuerMismatch = Code("issuerMismatch")
        /// The offer names a configuration the issuer does not list, or one in a format, binding or
        /// proof algorithm this wallet does not use (it needs `dc+sd-jwt`, `jwt_vc_json` or
        /// `ldp_vc`, and EdDSA or ES256 key proofs).
        public static let unsupportedConfiguration = Code("unsupportedConfiguration")
        /// The offer requires a Transaction Code (`tx_code`) and none was given.
        public static let transactionCodeRequired = Code("transactionCodeRequired")
        /// The authorization step failed: the redirect carried an error, another `state`, no code,
        /// or the authorization server does not do PKCE with S256 (RFC 7636, RFC 9700 §2.1.1).
        public static let authorizationFailed = Code("authorizationFailed")
        /// A key proof the issuer refused: not an `openid4vci-proof+jwt`, an algorithm not allowed,
        /// a private key in the header, a signature that does not verify, another audience, a
        /// missing, unknown or used `c_nonce`, or an `iat` outside the accepted window (§F.4).
        public static let invalidProof = Code("invalidProof")
        /// A received credential does not verify (issuer signature, validity, status): nothing is
        /// stored.
        public static let credentialNotVerified = Code("credentialNotVerified")
        /// A received credential is not bound to the key the wallet proved (SD-JWT `cnf.jwk`, or the
        /// DID in `credentialSubject.id`): nothing is stored.
        public static let bindingMismatch = Code("bindingMismatch")
        /// The issuer deferred issuance (§9) and the credential was not ready within the polls
        /// allowed; the transaction id is kept for a later attempt.
        public static let issuancePending = Code("issuancePending")

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

        // Presentation.
        /// The request's `client_id` prefix is not one this wallet accepts (OpenID4VP 1.0 §5.9.3),
        /// or the client id is not well formed for its prefix.
        public static let unsupportedClientIdPrefix = Code("unsupportedClientIdPrefix")
        /// The request is not authenticated as its client id prefix requires: unsigned where a
        /// signature is due, signed by a key not of the claimed DID or certificate, an `x509_hash`
        /// or DNS name that does not match the leaf certificate, or a `client_id` that differs
        /// between the request and its request object.
        public static let clientNotAuthenticated = Code("clientNotAuthenticated")
        /// The `response_uri` is not HTTPS (and not allowed otherwise) or not bound to the client
        /// id as its prefix requires.
        public static let responseURIRefused = Code("responseURIRefused")
        /// The request object's `exp` has passed (or `iat`/`nbf` lie in the future).
        public static let requestExpired = Code("requestExpired")
        /// The request object does not carry the `wallet_nonce` the wallet sent (§5.10).
        public static let walletNonceMismatch = Code("walletNonceMismatch")
        /// The request's nonce was already answered for this verifier (the disclosure log has a
        /// presentation bound to it): a replayed request, refused before anything is sent.
        public static let nonceReused = Code("nonceReused")
        /// No stored credential (or combination) satisfies the DCQL query (§6.4).
        public static let noMatchingCredential = Code("noMatchingCredential")
        /// The user declined to present; the verifier was sent `access_denied`.
        public static let declined = Code("declined")
        /// A JWE with an algorithm, encryption or key this implementation does not take
        /// (ECDH-ES on P-256 with A128GCM or A256GCM are taken).
        public static let unsupportedEncryption = Code("unsupportedEncryption")
        /// A JWE that does not decrypt: tampered, truncated, or for another key.
        public static let decryptionFailed = Code("decryptionFailed")
        /// The wallet could not make a presentation (locked, a key missing or damaged); the
        /// message carries the wallet's own error code.
        public static let walletFailed = Code("walletFailed")
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
