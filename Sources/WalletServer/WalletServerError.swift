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
