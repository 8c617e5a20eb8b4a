public import Foundation
public import StrictJSON

/// A presentation request the verifier role made, as its state store keeps it.
public struct PresentationRequestRecord: Sendable, Hashable {
    /// The request id (random, 256 bits, base64url): in the `request_uri` and `response_uri` paths.
    public let id: String
    /// The nonce the presentations must be bound to (random, 256 bits).
    public let nonce: String
    /// The `state` the response must carry (random, 256 bits).
    public let state: String
    /// The verifier's full client id.
    public let clientId: String
    /// `direct_post` or `direct_post.jwt`.
    public let responseMode: String
    /// Where the wallet sends its response.
    public let responseURI: String
    /// The DCQL query, as JSON.
    public let query: JSONValue
    /// When it was made.
    public let createdAt: Date
    /// When it stops being served and answered.
    public let expiresAt: Date

    /// A record.
    public init(id: String, nonce: String, state: String, clientId: String, responseMode: String, responseURI: String,
                query: JSONValue, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.nonce = nonce
        self.state = state
        self.clientId = clientId
        self.responseMode = responseMode
        self.responseURI = responseURI
        self.query = query
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What the verifier role concluded about the answer to one request.
public struct PresentationResultRecord: Sendable, Hashable {
    /// The request answered.
    public let requestId: String
    /// When the answer arrived.
    public let receivedAt: Date
    /// Whether every presentation verified and the query is answered.
    public let verified: Bool
    /// The wallet's OpenID4VP error (`access_denied`…) or the reason of a refusal, when not verified.
    public let error: String?
    /// The result as JSON: per query id, each presentation's verification report.
    public let details: JSONValue

    /// A result.
    public init(requestId: String, receivedAt: Date, verified: Bool, error: String?, details: JSONValue) {
        self.requestId = requestId
        self.receivedAt = receivedAt
        self.verified = verified
        self.error = error
        self.details = details
    }
}

/// Where the verifier role keeps its requests and results. An implementation keeps requests
/// until they expire, makes ``consume(id:at:)`` single-use and atomic (two responses racing for
/// one request: one wins, the other gets `notFoundOrUsed`), and never returns an expired request.
public protocol PresentationStateStore: Sendable {
    /// Stores a new request.
    func insert(_ request: PresentationRequestRecord) async throws(OpenID4VCError)
    /// The request `id` while it is unexpired and unanswered; `notFoundOrUsed` otherwise.
    func request(id: String, at time: Date) async throws(OpenID4VCError) -> PresentationRequestRecord
    /// Marks the request `id` answered and returns it, once; `notFoundOrUsed` when it is unknown,
    /// expired or already answered.
    func consume(id: String, at time: Date) async throws(OpenID4VCError) -> PresentationRequestRecord
    /// Stores the result of an answered request.
    func storeResult(_ result: PresentationResultRecord) async throws(OpenID4VCError)
    /// The result for request `id`, when one arrived.
    func result(id: String) async throws(OpenID4VCError) -> PresentationResultRecord?
}
