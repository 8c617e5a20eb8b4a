/// An error raised by the keystore, with a stable ``code``. Messages name what was found, never
/// key material or passphrases. Errors compare equal when their codes are equal.
public struct KeystoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages (`wrongPassphrase`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
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

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation, never containing key material or passphrases; its wording may change.
    public let message: String
    /// The source file that raised the error (`#fileID`), for diagnostics.
    public let file: String
    /// The source line that raised the error, for diagnostics.
    public let line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation, without secrets.
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
    public static func == (lhs: KeystoreError, rhs: KeystoreError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
