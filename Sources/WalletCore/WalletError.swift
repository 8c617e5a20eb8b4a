import Keystore

/// An error raised by the `Wallet` facade, with a stable ``code``. Keystore errors keep their
/// codes (`wrongPassphrase`, `corrupted`, `locked`, ...); the wallet adds its own.
public struct WalletError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let wrongPassphrase = Code("wrongPassphrase")
        public static let corrupted = Code("corrupted")
        public static let unsupportedFormat = Code("unsupportedFormat")
        public static let locked = Code("locked")
        public static let notFound = Code("notFound")
        public static let alreadyExists = Code("alreadyExists")
        public static let keyMismatch = Code("keyMismatch")
        public static let invalidPassphrase = Code("invalidPassphrase")
        public static let storageFailure = Code("storageFailure")
        public static let invalidBackup = Code("invalidBackup")
        /// A record kind or id that no record can have (empty, too long, reserved).
        public static let invalidName = Code("invalidName")
        /// A recovery phrase with an unknown word, a wrong length or a wrong checksum.
        public static let invalidRecoveryPhrase = Code("invalidRecoveryPhrase")
        /// A key that a DID still uses cannot be deleted.
        public static let keyInUse = Code("keyInUse")
        /// A backup passphrase below ``PassphraseStrength``'s floor.
        public static let weakPassphrase = Code("weakPassphrase")
        /// A wallet directory that is not a directory of the user's own.
        public static let insecureDirectory = Code("insecureDirectory")
        /// A label, method or argument that is not acceptable.
        public static let invalidArgument = Code("invalidArgument")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    init(_ error: KeystoreError) {
        self.init(Code(error.code.rawValue), error.message)
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: WalletError, rhs: WalletError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
