import WalletKeystore

/// An error raised by the `Wallet` facade, with a stable ``code``. Keystore errors keep their
/// codes (`wrongPassphrase`, `corrupted`, `locked`, ...); the wallet adds its own.
public struct WalletError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages (`wrongPassphrase`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// The passphrase does not unlock the wallet (checked after the full KDF).
        public static let wrongPassphrase = Code("wrongPassphrase")
        /// The wallet's bytes are damaged or were changed; the message says what was found.
        public static let corrupted = Code("corrupted")
        /// A format version or KDF parameter this version does not accept.
        public static let unsupportedFormat = Code("unsupportedFormat")
        /// The operation needs an unlocked wallet.
        public static let locked = Code("locked")
        /// No wallet at the location, or no record with that id.
        public static let notFound = Code("notFound")
        /// A wallet or a record with that id already exists.
        public static let alreadyExists = Code("alreadyExists")
        /// A stored private key does not derive the public key stored beside it.
        public static let keyMismatch = Code("keyMismatch")
        /// An empty passphrase, or one that is not valid UTF-8.
        public static let invalidPassphrase = Code("invalidPassphrase")
        /// The file system or SQLite failed (permissions, disk full, I/O error, lock timeout).
        public static let storageFailure = Code("storageFailure")
        /// A backup file that is not one, or holds records no wallet can hold.
        public static let invalidBackup = Code("invalidBackup")
        /// A record kind or id that no record can have (empty, too long, reserved).
        public static let invalidName = Code("invalidName")
        /// A recovery phrase with an unknown word, a wrong length or a wrong checksum.
        public static let invalidRecoveryPhrase = Code("invalidRecoveryPhrase")
        /// A key that a DID still uses cannot be deleted.
        public static let keyInUse = Code("keyInUse")
        /// A backup passphrase below `PassphraseStrength`'s floor.
        public static let weakPassphrase = Code("weakPassphrase")
        /// A wallet directory that is not a directory of the user's own.
        public static let insecureDirectory = Code("insecureDirectory")
        /// A label, method or argument that is not acceptable.
        public static let invalidArgument = Code("invalidArgument")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation, never containing secrets; its wording may change.
    public let message: String

    /// An error with `code` and `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    init(_ error: KeystoreError) {
        self.init(Code(error.code.rawValue), error.message)
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal; the message is ignored.
    public static func == (lhs: WalletError, rhs: WalletError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
