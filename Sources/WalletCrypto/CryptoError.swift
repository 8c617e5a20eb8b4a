/// An error raised by `WalletCrypto`.
///
/// Errors compare equal when their ``code`` is equal, so callers and tests match on codes,
/// never on message text. Messages never contain key material.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages and reports (`invalidSignature`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// libsodium could not be initialised.
        public static let initializationFailed = Code("initializationFailed")
        /// A key had the wrong number of bytes.
        public static let invalidKeyLength = Code("invalidKeyLength")
        /// A public key is not a valid point for the requested operation.
        public static let invalidPublicKey = Code("invalidPublicKey")
        /// A signature had the wrong number of bytes.
        public static let invalidSignatureLength = Code("invalidSignatureLength")
        /// A nonce had the wrong number of bytes.
        public static let invalidNonceLength = Code("invalidNonceLength")
        /// A salt had the wrong number of bytes.
        public static let invalidSaltLength = Code("invalidSaltLength")
        /// A key-derivation parameter is outside the range libsodium accepts.
        public static let invalidParameter = Code("invalidParameter")
        /// Authenticated decryption failed: wrong key, wrong additional data or tampered data.
        public static let authenticationFailed = Code("authenticationFailed")
        /// Argon2id ran out of memory or failed for another reason.
        public static let keyDerivationFailed = Code("keyDerivationFailed")
        /// A recovery phrase with an unknown word, a wrong length or a wrong checksum.
        public static let invalidMnemonic = Code("invalidMnemonic")
        /// A derivation path that is malformed or not fully hardened.
        public static let invalidDerivationPath = Code("invalidDerivationPath")
        /// Secure memory could not be allocated.
        public static let allocationFailed = Code("allocationFailed")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation, never containing key material; its wording may change.
    public let message: String
    /// The source file that raised the error (`#fileID`), for diagnostics.
    public let file: String
    /// The source line that raised the error, for diagnostics.
    public let line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation, without key material.
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
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
