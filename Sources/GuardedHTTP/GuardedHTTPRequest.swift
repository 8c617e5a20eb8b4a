/// One request for ``GuardedHTTPClient/send(_:)``: a GET (redirects followed within the rules) or
/// a POST (never redirected), with the caller's headers and body.
///
/// The client owns the headers that carry its rules — `Host`, `Content-Length`,
/// `Transfer-Encoding`, `Connection`, `Accept-Encoding`, `TE`, `Upgrade`, `User-Agent` — so a
/// request that sets one of them, or a header whose name is not an RFC 9110 §5.6.2 token or whose
/// value holds a control character (RFC 9110 §5.5), is refused with
/// ``GuardedHTTPError/Code/invalidRequest`` before any connection.
public struct GuardedHTTPRequest: Sendable {
    /// The request method: only the two the wallet needs.
    public enum Method: String, Sendable {
        /// GET: same-origin redirects followed (RFC 9110 §15.4), each hop checked again.
        case get = "GET"
        /// POST: never redirected; a 3xx is ``GuardedHTTPError/Code/redirectRefused``.
        case post = "POST"
    }

    /// The method.
    public var method: Method
    /// The URL, parsed strictly as a ``GuardedURL`` when sent.
    public var url: String
    /// Extra request headers (name, value), sent in this order.
    public var headers: [(String, String)]
    /// The body, for a POST.
    public var body: [UInt8]?
    /// The `Content-Type` of the body.
    public var contentType: String?
    /// The `Accept` header, if any.
    public var accept: String?
    /// Whether a final 4xx or 5xx status comes back as a ``GuardedHTTPClient/Response`` (an OAuth
    /// error is a JSON body with status 400, RFC 6749 §5.2) instead of
    /// ``GuardedHTTPError/Code/httpStatus``. Every other rule still applies to such a response.
    public var errorStatusesReturned: Bool

    /// A request.
    /// - Parameters:
    ///   - method: GET or POST.
    ///   - url: The URL.
    ///   - headers: Extra headers (none of the ones the client owns).
    ///   - body: The body (POST).
    ///   - contentType: The body's media type.
    ///   - accept: The `Accept` header.
    ///   - errorStatusesReturned: Whether 4xx and 5xx responses are returned rather than thrown.
    public init(
        method: Method = .get, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, accept: String? = nil, errorStatusesReturned: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.contentType = contentType
        self.accept = accept
        self.errorStatusesReturned = errorStatusesReturned
    }

    /// A POST of `body` as `contentType`.
    /// - Parameters:
    ///   - url: The URL.
    ///   - body: The body.
    ///   - contentType: The body's media type (`application/x-www-form-urlencoded`, `application/json` ...).
    ///   - accept: The `Accept` header.
    ///   - headers: Extra headers.
    ///   - errorStatusesReturned: Whether 4xx and 5xx responses are returned rather than thrown.
    public static func post(
        _ url: String, body: [UInt8], contentType: String, accept: String? = nil, headers: [(String, String)] = [],
        errorStatusesReturned: Bool = false
    ) -> GuardedHTTPRequest {
        GuardedHTTPRequest(
            method: .post, url: url, headers: headers, body: body, contentType: contentType, accept: accept,
            errorStatusesReturned: errorStatusesReturned
        )
    }

    /// Header names only the client sets (lowercased).
    static let reservedHeaderNames: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "accept-encoding", "te", "upgrade", "user-agent",
        "content-type", "accept", "keep-alive", "proxy-connection", "trailer",
    ]

    /// The most extra headers a request may carry.
    static let maximumHeaderCount = 32

    /// Refuses headers the client owns, malformed names and values (RFC 9110 §5.1, §5.5).
    func validate() throws(GuardedHTTPError) {
        guard headers.count <= Self.maximumHeaderCount else {
            throw GuardedHTTPError(.invalidRequest, "more than \(Self.maximumHeaderCount) request headers")
        }
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw GuardedHTTPError(.invalidRequest, "the header name \(name.debugDescription.prefix(60)) is not a token (RFC 9110 §5.6.2)")
            }
            guard !Self.reservedHeaderNames.contains(name.lowercased()) else {
                throw GuardedHTTPError(.invalidRequest, "the header \(name) is set by the client itself")
            }
            try Self.checkValue(value, of: name)
        }
        if let contentType { try Self.checkValue(contentType, of: "Content-Type") }
        if let accept { try Self.checkValue(accept, of: "Accept") }
        if method == .get, body != nil {
            throw GuardedHTTPError(.invalidRequest, "a GET request has no body")
        }
    }

    /// A field value: visible ASCII, space, tab or bytes over 0x7F; never CR, LF or NUL (RFC 9110 §5.5).
    static func checkValue(_ value: String, of name: String) throws(GuardedHTTPError) {
        guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw GuardedHTTPError(.invalidRequest, "the value of the header \(name) holds a control character")
        }
    }

    /// `tchar` (RFC 9110 §5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
