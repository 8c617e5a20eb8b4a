/// An error raised by `WalletCrypto`.
///
/// Errors compare equal when their ``code`` is equal, so callers and tests match on codes,
/// never on message text. Messages never contain key material.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
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

    public let code: Code
    public let message: String
    public let file: String
    public let line: UInt

    public init(_ code: Code, _ message: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
