/// Why a guarded fetch did not return a body, with a stable ``code``. Messages never repeat the
/// user information of a URL (`user:password@`).
public struct GuardedHTTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; compare codes, never message text.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages (`refusedAddress`).
        public let rawValue: String
        fileprivate init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        // Refused before any connection.
        /// Not an absolute URL the client can fetch: no host, a host that is not a strict DNS
        /// name or IP literal, a zone identifier, user information, a port out of range.
        public static let invalidURL = Code("invalidURL")
        /// A scheme other than `https` (plain `http` only for an allow-listed host).
        public static let schemeRefused = Code("schemeRefused")
        /// An address (literal, or one the host resolves to) in a refused range (``AddressPolicy``).
        public static let refusedAddress = Code("refusedAddress")
        /// The host name did not resolve to any address.
        public static let resolutionFailed = Code("resolutionFailed")
        /// A redirect to another scheme, host or port, or without a usable `Location`.
        public static let redirectRefused = Code("redirectRefused")
        /// More redirects than the configuration allows.
        public static let tooManyRedirects = Code("tooManyRedirects")
        /// The PEM file of extra trust anchors could not be read or holds no certificate.
        public static let invalidTrustAnchors = Code("invalidTrustAnchors")
        /// A request the client will not send: a header it sets itself, a malformed header name
        /// or value, a body on a GET (``GuardedHTTPRequest``).
        public static let invalidRequest = Code("invalidRequest")

        // Failed while fetching.
        /// The total deadline passed (the request was cancelled).
        public static let deadlineExceeded = Code("deadlineExceeded")
        /// The body is over the byte cap (announced, or counted as it arrived).
        public static let responseTooLarge = Code("responseTooLarge")
        /// The response carries a `Content-Encoding` (or a `Transfer-Encoding` other than
        /// `chunked`): nothing is ever decoded.
        public static let contentEncodingRefused = Code("contentEncodingRefused")
        /// The TLS handshake failed (an untrusted certificate, a name mismatch ...).
        public static let tlsFailure = Code("tlsFailure")
        /// The connection could not be made or broke.
        public static let connectionFailed = Code("connectionFailed")
        /// A final status other than 2xx.
        public static let httpStatus = Code("httpStatus")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation, without the URL's user information; its wording may change.
    public let message: String
    /// The HTTP status, for ``Code/httpStatus``.
    public let status: Int?
    /// Where the error was raised (`#fileID:#line`).
    public let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation.
    ///   - status: The HTTP status, for `httpStatus`.
    ///   - fileID: The raising source file; defaults to the caller's.
    ///   - line: The raising source line; defaults to the caller's.
    public init(_ code: Code, _ message: String, status: Int? = nil, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.status = status
        self.location = "\(fileID):\(line)"
    }

    /// Whether the fetch was refused by a rule before or instead of a transfer (as opposed to
    /// failing while it ran): the address, scheme, URL and redirect rules.
    public var isRefusal: Bool {
        [.invalidURL, .schemeRefused, .refusedAddress, .redirectRefused, .tooManyRedirects, .invalidRequest].contains(code)
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal; message, status and location are ignored.
    public static func == (lhs: GuardedHTTPError, rhs: GuardedHTTPError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
