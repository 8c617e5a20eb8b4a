public import StrictJSON

/// A presentation request the wallet has checked (OpenID4VP 1.0 §5): who asks (the client id
/// and how it was authenticated), what (the DCQL query), where the answer goes, and the values
/// the answer is bound to.
///
/// Made by ``AuthorizationRequestValidator`` only, after every check of its prefix passed.
public struct AuthorizationRequest: Sendable {
    /// The response modes taken (§8.2, §8.3).
    public enum ResponseMode: String, Sendable {
        /// The response as a form POST to `response_uri`.
        case directPost = "direct_post"
        /// The response encrypted to the verifier's key (a JWE in `response`), POSTed to `response_uri`.
        case directPostJWT = "direct_post.jwt"
    }

    /// How the verifier was authenticated.
    public enum Authentication: Sendable, Hashable {
        /// Not at all: a `redirect_uri:` client id, unsigned (shown as such).
        case unsigned
        /// A request object signed by a key of the DID (`decentralized_identifier:`), named by `kid`.
        case decentralizedIdentifier(keyId: String)
        /// A request object signed by the leaf of an `x5c` chain to a trust anchor; its DNS names.
        case x509(dnsNames: [String])
    }

    /// The verifier's client id.
    public let clientId: ClientIdentifier
    /// How the verifier was authenticated.
    public let authentication: Authentication
    /// The response mode.
    public let responseMode: ResponseMode
    /// Where the response goes.
    public let responseURI: String
    /// The nonce the presentations are bound to.
    public let nonce: String
    /// `state`, returned with the response, when given.
    public let state: String?
    /// What is asked for.
    public let query: DCQLQuery
    /// `client_metadata`, when given.
    public let clientMetadata: JSONObject?
    /// Every request parameter, as received (after the request object replaced the link's).
    public let parameters: JSONObject

    /// The host of ``responseURI``, for people.
    public var responseHost: String {
        let afterScheme = responseURI.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        return afterScheme.count > 2 ? String(afterScheme[2]) : responseURI
    }
}
