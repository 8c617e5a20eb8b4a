import Foundation

/// How a wallet is invoked with a presentation request (OpenID4VP 1.0 §5, JAR RFC 9101 §5):
/// `openid4vp://?…`, `haip://?…`, an `https://` link, or a bare query string, carrying the
/// parameters by value, a request object by value (`request`), or by reference (`request_uri`).
public struct AuthorizationRequestLink: Sendable, Hashable {
    /// The most bytes of a link (a QR code holds less; a request by value can be longer).
    public static let maximumLength = 64 << 10

    /// Where the request is.
    public enum Source: Sendable, Hashable {
        /// The parameters are in the link.
        case parameters
        /// A request object by value (`request`).
        case requestObject(String)
        /// A request object to fetch (`request_uri`); `post` asks for `request_uri_method=post`.
        case requestURI(String, post: Bool)
    }

    /// The link's parameters, decoded.
    public let parameters: [String: String]
    /// Where the request is.
    public let source: Source

    /// Parses a link or query string (surrounding whitespace is ignored).
    ///
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` over ``maximumLength``; `invalidMessage`
    ///   for a link without parameters, both `request` and `request_uri`, a `request_uri_method`
    ///   other than `get`/`post` or without `request_uri`, or malformed escapes.
    public init(parsing text: String) throws(OpenID4VCError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= Self.maximumLength else {
            throw OpenID4VCError(.messageTooLarge, "a request link has at most \(Self.maximumLength) bytes")
        }
        var query = Substring(trimmed)
        if let mark = trimmed.firstIndex(of: "?") {
            query = trimmed[trimmed.index(after: mark)...]
        } else if trimmed.contains("://") {
            throw OpenID4VCError(.invalidMessage, "the request link has no query")
        }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        parameters = try FormEncoding.dictionary(query, limit: Self.maximumLength)
        guard !parameters.isEmpty else { throw OpenID4VCError(.invalidMessage, "the request link has no parameters") }
        let method = parameters["request_uri_method"]
        switch (parameters["request"], parameters["request_uri"]) {
        case (.some, .some):
            throw OpenID4VCError(.invalidMessage, "a request has request or request_uri, not both (RFC 9101 §5)")
        case (.some(let object), nil):
            guard method == nil else { throw OpenID4VCError(.invalidMessage, "request_uri_method without request_uri") }
            source = .requestObject(object)
        case (nil, .some(let uri)):
            guard method == nil || method == "get" || method == "post" else {
                throw OpenID4VCError(.invalidMessage, "request_uri_method is get or post (invalid_request_uri_method)")
            }
            source = .requestURI(uri, post: method == "post")
        case (nil, nil):
            guard method == nil else { throw OpenID4VCError(.invalidMessage, "request_uri_method without request_uri") }
            source = .parameters
        }
    }
}
