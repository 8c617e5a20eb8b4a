public import DIDCore
public import Foundation
public import GuardedHTTP
import StrictJSON
import WalletCrypto

/// Checks a presentation request before anything is shown or sent (OpenID4VP 1.0 §5): the
/// client id prefix and the signature it requires, the request object's `typ`, `client_id`,
/// `aud`, `exp`, `wallet_nonce`, the response type and mode, the `response_uri` (HTTPS, bound to
/// the client id as the prefix requires), the nonce, and the DCQL query.
public struct AuthorizationRequestValidator: Sendable {
    /// The `aud` of request objects under static discovery (§5.8).
    public static let selfIssuedAudience = "https://self-issued.me/v2"

    /// Resolves the DIDs of `decentralized_identifier:` verifiers.
    public var resolver: any DIDResolver
    /// Checks `x5c` chains (`x509_san_dns:`, `x509_hash:`); without it those prefixes are refused.
    public var x509: X509RequestAuthenticator?
    /// Hosts whose `response_uri` may be plain `http` (loopback tests; `--network-allow`).
    public var insecureResponseHosts: [AllowedHost]
    /// The clock.
    public var now: @Sendable () -> Date
    /// The tolerance on `exp`, `iat` and `nbf`, in seconds.
    public var clockSkew: TimeInterval

    /// A validator.
    ///
    /// - Parameters:
    ///   - resolver: Resolves verifiers' DIDs.
    ///   - x509: Checks `x5c` chains against trust anchors; `nil` refuses the `x509_*` prefixes.
    ///   - insecureResponseHosts: Hosts allowed a plain-`http` `response_uri`.
    ///   - now: The clock.
    ///   - clockSkew: The tolerance on times, in seconds.
    public init(resolver: any DIDResolver = DIDResolutionCache(DIDResolverRegistry.standard), x509: X509RequestAuthenticator? = nil,
                insecureResponseHosts: [AllowedHost] = [], now: @escaping @Sendable () -> Date = { Date() }, clockSkew: TimeInterval = 300) {
        self.resolver = resolver
        self.x509 = x509
        self.insecureResponseHosts = insecureResponseHosts
        self.now = now
        self.clockSkew = clockSkew
    }

    /// Checks a request: the link's parameters, and the request object when there is one
    /// (fetched from `request_uri` or given as `request`).
    ///
    /// - Parameters:
    ///   - link: The parsed invocation.
    ///   - requestObject: The compact request object, when the link carries or references one.
    ///   - walletNonce: The `wallet_nonce` sent with a POST to `request_uri`, which must come back.
    /// - Throws: ``OpenID4VCError``: `unsupportedClientIdPrefix`, `clientNotAuthenticated`,
    ///   `signatureInvalid`, `requestExpired`, `walletNonceMismatch`, `responseURIRefused`,
    ///   `invalidMessage`, `messageTooLarge`.
    public func validate(link: AuthorizationRequestLink, requestObject: String?, walletNonce: String? = nil) async throws(OpenID4VCError)
        -> AuthorizationRequest {
        let linkClientId = link.parameters["client_id"]
        var parameters: JSONObject
        let authentication: AuthorizationRequest.Authentication
        let clientId: ClientIdentifier
        if let requestObject {
            let object = try RequestObject(parsing: requestObject)
            parameters = object.claims
            guard let claimed = parameters["client_id"]?.stringValue else {
                throw OpenID4VCError(.invalidMessage, "the request object has no client_id")
            }
            // §5.10.1: the link's client_id and the object's are identical, prefix included.
            if let linkClientId, linkClientId != claimed {
                throw OpenID4VCError(.clientNotAuthenticated, "the request object's client_id is not the one of the request")
            }
            clientId = try ClientIdentifier(claimed)
            guard clientId.requiresSignedRequest else {
                throw OpenID4VCError(.clientNotAuthenticated, "a redirect_uri client cannot sign its request (OpenID4VP 1.0 §5.9.3)")
            }
            authentication = try await authenticate(object, clientId: clientId)
            try checkTimes(object.claims)
            guard parameters["aud"]?.stringValue == Self.selfIssuedAudience else {
                throw OpenID4VCError(.invalidMessage, "the request object's aud is not \(Self.selfIssuedAudience) (§5.8)")
            }
            if let walletNonce, parameters["wallet_nonce"]?.stringValue != walletNonce {
                throw OpenID4VCError(.walletNonceMismatch, "the request object does not carry the wallet_nonce sent (§5.10)")
            }
        } else {
            guard let linkClientId else { throw OpenID4VCError(.invalidMessage, "the request has no client_id") }
            clientId = try ClientIdentifier(linkClientId)
            // An unsigned request that claims a prefix whose requests must be signed (§5.9.3).
            guard !clientId.requiresSignedRequest else {
                throw OpenID4VCError(.clientNotAuthenticated, "a \(clientId.prefix.rawValue) request must be a signed request object; this one is unsigned")
            }
            parameters = JSONObject()
            for name in link.parameters.keys.sorted() {
                let text = link.parameters[name]!
                // Object-valued parameters arrive as JSON text in a form (§5.1).
                if ["dcql_query", "client_metadata"].contains(name) {
                    do { parameters[name] = try JSONParser(options: .init(maxDepth: 16, maxBytes: DCQLQuery.maximumBytes)).parse(Array(text.utf8)) } catch {
                        throw OpenID4VCError(.invalidMessage, "\(name) is not strict JSON")
                    }
                } else {
                    parameters[name] = .string(text)
                }
            }
            authentication = .unsigned
        }
        return try request(parameters, clientId: clientId, authentication: authentication)
    }

    /// The checks common to signed and unsigned requests, and the request they make.
    func request(_ parameters: JSONObject, clientId: ClientIdentifier, authentication: AuthorizationRequest.Authentication) throws(OpenID4VCError)
        -> AuthorizationRequest {
        guard parameters["transaction_data"] == nil else {
            throw OpenID4VCError(.invalidMessage, "transaction_data is not supported (invalid_transaction_data)")
        }
        guard parameters["response_type"]?.stringValue == "vp_token" else {
            throw OpenID4VCError(.invalidMessage, "response_type is vp_token here, not \(parameters["response_type"]?.stringValue ?? "(none)")")
        }
        guard let modeName = parameters["response_mode"]?.stringValue, let mode = AuthorizationRequest.ResponseMode(rawValue: modeName) else {
            throw OpenID4VCError(.invalidMessage, "response_mode is direct_post or direct_post.jwt here")
        }
        guard parameters["redirect_uri"] == nil else {
            throw OpenID4VCError(.invalidMessage, "redirect_uri with response_mode \(modeName) (invalid_request, §8.2)")
        }
        guard let responseURI = parameters["response_uri"]?.stringValue else {
            throw OpenID4VCError(.invalidMessage, "response_mode \(modeName) needs a response_uri")
        }
        try checkResponseURI(responseURI, clientId: clientId, authentication: authentication)
        guard let nonce = parameters["nonce"]?.stringValue, !nonce.isEmpty, nonce.utf8.count <= 512, nonce.utf8.allSatisfy(Self.isURLSafe) else {
            throw OpenID4VCError(.invalidMessage, "nonce is 1 to 512 URL-safe characters (§5.2)")
        }
        let state = parameters["state"]?.stringValue
        if parameters["state"] != nil {
            guard let state, !state.isEmpty, state.utf8.count <= 512, state.utf8.allSatisfy(Self.isURLSafe) else {
                throw OpenID4VCError(.invalidMessage, "state is 1 to 512 URL-safe characters (§5.2)")
            }
        }
        guard parameters["scope"] == nil else {
            throw OpenID4VCError(.invalidMessage, "scope-based requests are not supported; send a dcql_query")
        }
        guard let queryValue = parameters["dcql_query"] else { throw OpenID4VCError(.invalidMessage, "the request has no dcql_query") }
        let query = try DCQLQuery(json: queryValue)
        let metadata: JSONObject?
        if let value = parameters["client_metadata"] {
            guard let object = value.objectValue else { throw OpenID4VCError(.invalidMessage, "client_metadata is a JSON object") }
            metadata = object
        } else {
            metadata = nil
        }
        return AuthorizationRequest(clientId: clientId, authentication: authentication, responseMode: mode, responseURI: responseURI,
                                    nonce: nonce, state: state, query: query, clientMetadata: metadata, parameters: parameters)
    }

    /// HTTPS (or plain HTTP to an allowed host), and bound to the client id: equal to it under
    /// `redirect_uri:` (§5.9.3), its host a DNS name of the certificate under `x509_san_dns:`.
    func checkResponseURI(_ text: String, clientId: ClientIdentifier, authentication: AuthorizationRequest.Authentication) throws(OpenID4VCError) {
        let url: GuardedURL
        do { url = try GuardedURL(parsing: text) } catch {
            throw OpenID4VCError(.responseURIRefused, "response_uri is not an https URL: \(error.code)")
        }
        guard url.scheme == "https" || insecureResponseHosts.contains(where: { $0.allows(url) }) else {
            throw OpenID4VCError(.responseURIRefused, "response_uri is not https")
        }
        switch clientId.prefix {
        case .redirectURI:
            guard text == clientId.value else {
                throw OpenID4VCError(.responseURIRefused, "a redirect_uri client's response_uri is its client id")
            }
        case .x509SanDNS:
            guard case .name(let host) = url.host, host == clientId.value.lowercased() else {
                throw OpenID4VCError(.responseURIRefused, "the response_uri's host is not the client id's DNS name")
            }
        case .x509Hash, .decentralizedIdentifier:
            break
        }
    }

    /// `exp` not passed, `iat` and `nbf` not in the future (with ``clockSkew``).
    func checkTimes(_ claims: JSONObject) throws(OpenID4VCError) {
        let now = self.now().timeIntervalSince1970
        func seconds(_ name: String) throws(OpenID4VCError) -> Double? {
            guard let value = claims[name] else { return nil }
            guard let number = value.numberValue?.doubleValue, number.isFinite else {
                throw OpenID4VCError(.invalidMessage, "the request object's \(name) is not a NumericDate")
            }
            return number
        }
        if let exp = try seconds("exp"), exp + clockSkew < now {
            throw OpenID4VCError(.requestExpired, "the request object expired")
        }
        for name in ["iat", "nbf"] {
            if let time = try seconds(name), time - clockSkew > now {
                throw OpenID4VCError(.requestExpired, "the request object's \(name) is in the future")
            }
        }
    }

    /// The signature check the prefix calls for, and how the verifier was authenticated.
    func authenticate(_ object: RequestObject, clientId: ClientIdentifier) async throws(OpenID4VCError) -> AuthorizationRequest.Authentication {
        switch clientId.prefix {
        case .decentralizedIdentifier:
            // §5.9.3: the key is the DID document's method named by kid, and kid is of that DID.
            guard let kid = object.keyId, let url = try? DIDURL(parsing: kid), url.did.description == clientId.value else {
                throw OpenID4VCError(.clientNotAuthenticated, "the request object's kid is not a key of \(clientId.value)")
            }
            let method: VerificationMethod
            do { method = try await resolver.verificationMethod(url) } catch {
                throw OpenID4VCError(.clientNotAuthenticated, "the verifier's key \(kid) does not resolve: \(error.code)")
            }
            let key: PublicSigningKey
            do { key = try method.publicSigningKey() } catch {
                throw OpenID4VCError(.clientNotAuthenticated, "the verifier's key \(kid) is not a signing key: \(error.code)")
            }
            try object.verify(with: key)
            return .decentralizedIdentifier(keyId: kid)
        case .x509Hash, .x509SanDNS:
            guard let x509 else {
                throw OpenID4VCError(.clientNotAuthenticated, "no X.509 trust anchors are configured for \(clientId.prefix.rawValue) verifiers")
            }
            guard let chain = object.x5c else {
                throw OpenID4VCError(.clientNotAuthenticated, "a \(clientId.prefix.rawValue) request object carries its certificate in x5c")
            }
            let leaf = try await x509.authenticate(chain: chain, clientId: clientId, at: now())
            try object.verify(with: leaf.publicKey)
            return .x509(dnsNames: leaf.dnsNames)
        case .redirectURI:
            throw OpenID4VCError(.clientNotAuthenticated, "a redirect_uri client cannot sign its request")
        }
    }

    /// RFC 3986 unreserved: letters, digits, `-`, `.`, `_`, `~` (§5.2 for nonce and state).
    static func isURLSafe(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}
