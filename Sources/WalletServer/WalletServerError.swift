/// Why `wallet serve` or one of its endpoints refused or failed, with a stable ``code``.
public struct WalletServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages.
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// The configuration cannot be used (an address, a certificate, a key).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A request body over the size limit.
        public static let bodyTooLarge = Code("bodyTooLarge")
        /// A failure inside the server, reported without its detail.
        public static let internalError = Code("internalError")

        // QR codes.
        /// The text cannot be put in a QR code: too long for the largest symbol, or it has a NUL.
        public static let qrCodeInputRefused = Code("qrCodeInputRefused")

        // Server state.
        /// The state database cannot be opened, read or written.
        public static let stateUnavailable = Code("stateUnavailable")
        /// No live entry has this identifier: it never existed, was used, or expired. The three
        /// are not told apart, so an identifier cannot be probed.
        public static let unknownOrExpired = Code("unknownOrExpired")
        /// A kind of entry is at its limit of live entries (a peer asking for nonces in a loop).
        public static let stateFull = Code("stateFull")
        /// A live entry already has this identifier (a request answered twice).
        public static let identifierInUse = Code("identifierInUse")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation, without secrets; its wording may change.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation, without secrets.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal.
    public static func == (lhs: WalletServerError, rhs: WalletServerError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
