public import StrictJSON

/// OAuth 2.0 Authorization Server Metadata (RFC 8414 §2; OpenID Connect Discovery 1.0 §3) as the
/// wallet uses it: the token and authorization endpoints, PKCE methods, and OpenID4VCI's
/// `pre-authorized_grant_anonymous_access_supported` (§12.3).
///
/// The `issuer` in the document must be the identifier it was fetched for (RFC 8414 §3.3):
/// ``init(json:expectedIssuer:)`` checks it (``OpenID4VCError/Code/issuerMismatch``).
public struct AuthorizationServerMetadata: Sendable {
    /// RFC 8414 §3.1: inserted between the host and the path.
    public static let oauthWellKnownPath = "/.well-known/oauth-authorization-server"
    /// OpenID Connect Discovery 1.0 §4: appended after the path.
    public static let openIDWellKnownPath = "/.well-known/openid-configuration"

    /// The authorization server's issuer identifier.
    public let issuer: String
    /// The Token Endpoint.
    public let tokenEndpoint: String
    /// The Authorization Endpoint, when the server has one.
    public let authorizationEndpoint: String?
    /// `code_challenge_methods_supported` (RFC 8414 §2).
    public let codeChallengeMethods: [String]
    /// `grant_types_supported`, when given.
    public let grantTypes: [String]?
    /// Whether a pre-authorized code may be redeemed without a `client_id` (§12.3; default false).
    public let anonymousPreAuthorizedAccess: Bool
    /// The metadata object as given.
    public let jsonObject: JSONObject

    /// The two URLs tried for `issuer`, in order: RFC 8414's, then OpenID Connect Discovery's.
    public static func wellKnownURLs(for issuer: String) throws(OpenID4VCError) -> [String] {
        [try WellKnownURL.insert(oauthWellKnownPath, into: issuer, "authorization server"),
         try WellKnownURL.append(openIDWellKnownPath, to: issuer, "authorization server")]
    }

    /// Parses metadata fetched for `expectedIssuer`, whose `issuer` must be exactly that.
    public init(json bytes: [UInt8], expectedIssuer: String) throws(OpenID4VCError) {
        try self.init(object: try JSONBody.object(bytes, "authorization server metadata"))
        guard issuer == expectedIssuer else {
            throw OpenID4VCError(.issuerMismatch, "the authorization server metadata names \(issuer.prefix(100)), not \(expectedIssuer.prefix(100))")
        }
    }

    /// Reads the metadata object.
    public init(object: JSONObject) throws(OpenID4VCError) {
        let what = "authorization server metadata"
        issuer = try JSONBody.string(object, "issuer", what)
        _ = try WellKnownURL.split(issuer, "authorization server issuer")
        tokenEndpoint = try JSONBody.string(object, "token_endpoint", what)
        _ = try WellKnownURL.split(tokenEndpoint, "token_endpoint", allowQuery: true)
        authorizationEndpoint = try JSONBody.optionalString(object, "authorization_endpoint", what)
        if let authorizationEndpoint { _ = try WellKnownURL.split(authorizationEndpoint, "authorization_endpoint", allowQuery: true) }
        codeChallengeMethods = try JSONBody.optionalStrings(object, "code_challenge_methods_supported", what) ?? []
        grantTypes = try JSONBody.optionalStrings(object, "grant_types_supported", what)
        anonymousPreAuthorizedAccess = object["pre-authorized_grant_anonymous_access_supported"]?.boolValue ?? false
        jsonObject = object
    }

    /// Metadata an issuer that is its own authorization server publishes.
    /// - Parameters:
    ///   - issuer: The identifier (the Credential Issuer Identifier).
    ///   - tokenEndpoint: The Token Endpoint.
    ///   - authorizationEndpoint: The Authorization Endpoint.
    public init(issuer: String, tokenEndpoint: String, authorizationEndpoint: String?) {
        var object: JSONObject = ["issuer": .string(issuer), "token_endpoint": .string(tokenEndpoint)]
        var grants: [JSONValue] = [.string(CredentialOffer.preAuthorizedCodeGrantType)]
        if let authorizationEndpoint {
            object["authorization_endpoint"] = .string(authorizationEndpoint)
            object["response_types_supported"] = ["code"]
            object["code_challenge_methods_supported"] = ["S256"]
            grants.append("authorization_code")
        }
        object["grant_types_supported"] = .array(grants)
        object["token_endpoint_auth_methods_supported"] = ["none"]
        object["pre-authorized_grant_anonymous_access_supported"] = true
        self.issuer = issuer
        self.tokenEndpoint = tokenEndpoint
        self.authorizationEndpoint = authorizationEndpoint
        self.codeChallengeMethods = authorizationEndpoint == nil ? [] : ["S256"]
        self.grantTypes = grants.compactMap(\.stringValue)
        self.anonymousPreAuthorizedAccess = true
        self.jsonObject = object
    }

    /// The metadata as JSON.
    public var jsonValue: JSONValue { .object(jsonObject) }
}
