/// One HTTP request as a role of `OpenID4VC` takes it — the issuer's
/// `CredentialIssuerService.handle(method:path:query:headers:body:)`, the verifier's request and
/// response endpoints — after the server's checks: the body is whole and within the limit.
public struct RoleRequest: Sendable {
    /// `GET`, `POST`, …
    public let method: String
    /// The path, percent-encoded as received, without the query.
    public let path: String
    /// The query, without `?`, or `nil`.
    public let query: String?
    /// The header fields as received.
    public let headers: [(String, String)]
    /// The body (empty for a `GET`).
    public let body: [UInt8]

    /// A request.
    public init(method: String, path: String, query: String?, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// A role's answer: status, header fields and body, sent as they are (the server adds its own
/// `Cache-Control`, `X-Content-Type-Options` and `Referrer-Policy`).
public struct RoleResponse: Sendable {
    /// The HTTP status.
    public let status: Int
    /// The header fields.
    public let headers: [(String, String)]
    /// The body.
    public let body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A role hosted by ``WalletHTTPServer``: it answers the requests it serves and returns `nil` for
/// the others, which go to the next role and then to the server's own routes (404 when none).
public typealias RoleHandler = @Sendable (RoleRequest) async -> RoleResponse?
