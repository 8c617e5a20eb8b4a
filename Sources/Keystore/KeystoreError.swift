/// An error raised by the keystore, with a stable ``code``. Messages name what was found, never
/// key material or passphrases. Errors compare equal when their codes are equal.
public struct KeystoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The passphrase does not unwrap the data key (checked after the full KDF).
        public static let wrongPassphrase = Code("wrongPassphrase")
        /// The wallet's bytes are damaged or were changed: a record fails authentication, a row
        /// is missing or was moved, SQLite reports corruption. The message says what was found.
        public static let corrupted = Code("corrupted")
        /// A format version, KDF algorithm or KDF parameter outside what this version accepts.
        public static let unsupportedFormat = Code("unsupportedFormat")
        /// The operation needs an unlocked wallet.
        public static let locked = Code("locked")
        /// No wallet at the location, or no record with that kind and id.
        public static let notFound = Code("notFound")
        /// A wallet already exists at the location, or a record with that kind and id.
        public static let alreadyExists = Code("alreadyExists")
        /// A stored private key does not derive the public key stored beside it.
        public static let keyMismatch = Code("keyMismatch")
        /// An empty passphrase, or one that is not valid UTF-8.
        public static let invalidPassphrase = Code("invalidPassphrase")
        /// The file system or SQLite failed (permissions, disk full, I/O error, lock timeout).
        public static let storageFailure = Code("storageFailure")
        /// A backup file that is not one, was made by an unsupported version, or holds records no
        /// wallet can hold (a reserved kind, the same kind and id twice, an invalid name).
        public static let invalidBackup = Code("invalidBackup")
        /// A record kind or id that is empty, longer than ``Keystore/maximumNameLength`` bytes,
        /// or a kind starting with `_` (reserved for the keystore's own rows).
        public static let invalidName = Code("invalidName")
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

    public static func == (lhs: KeystoreError, rhs: KeystoreError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
