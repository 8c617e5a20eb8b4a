public import DIDCore
public import Foundation
public import Logging
public import StrictJSON
public import WalletCore
public import WalletCrypto

/// The issuer role of OpenID4VCI 1.0, as a library type any HTTP server can host: it publishes the
/// Credential Issuer metadata (§12.2) and, as its own authorization server, the OAuth metadata
/// (RFC 8414); it answers the offer (§4.1.3), authorization (§5, with PKCE S256 only), token (§6,
/// pre-authorized code with `tx_code`, and authorization code), nonce (§7), credential (§8) and
/// deferred credential (§9) endpoints; and it issues with a DID of the wallet through `Wallet`'s
/// issuing methods, binding each credential to the key its key proof proved.
///
/// It takes parsed requests and returns ``OpenIDHTTPResponse``s; ``handle(method:path:query:headers:body:)``
/// routes a whole request by path. Its state — offers, codes, tokens, nonces, transactions, each a
/// random 256-bit value, expiring, single use where the protocol says — lives behind
/// ``IssuanceStateStore``. Nothing secret (codes, `tx_code`, tokens, nonces) is logged.
public struct CredentialIssuerService: Sendable {
    /// What the issuer offers and within which limits.
    public struct Configuration: Sendable {
        /// The Credential Issuer Identifier: an https URL (where this service is reachable), or
        /// http on a loopback IP literal for local use and tests (decision 0039).
        public var credentialIssuer: String
        /// The wallet DID (or its label) that signs the credentials.
        public var issuerDID: String
        /// The configurations offered.
        public var configurations: [CredentialConfiguration]
        /// The issuer's `display` entries (`name`, `locale`).
        public var display: [JSONValue] = []
        /// How long an offer (and its pre-authorized code or issuer state) stays redeemable.
        public var offerLifetime: Duration = .seconds(600)
        /// How long an access token lives (§13.9: at most 5 minutes for bearer tokens).
        public var accessTokenLifetime: Duration = .seconds(300)
        /// How long an authorization code lives (RFC 6749 §4.1.2: at most 10 minutes).
        public var authorizationCodeLifetime: Duration = .seconds(120)
        /// How long a `c_nonce` lives.
        public var nonceLifetime: Duration = .seconds(300)
        /// How long a deferred transaction lives.
        public var transactionLifetime: Duration = .seconds(86_400)
        /// The key proof algorithms accepted (and published).
        public var proofAlgorithms: [SignatureAlgorithm] = [.eddsa, .es256]
        /// The oldest key proof accepted, in seconds since its `iat`.
        public var proofMaximumAge: TimeInterval = 300
        /// Wrong `tx_code` attempts after which a pre-authorized code is void (§13.5.3).
        public var maximumTransactionCodeAttempts = 3
        /// Whether the authorization endpoint (authorization code flow) is served.
        public var servesAuthorizationEndpoint = true

        /// A configuration issuing `configurations` as `issuerDID` under `credentialIssuer`.
        public init(credentialIssuer: String, issuerDID: String, configurations: [CredentialConfiguration]) {
            self.credentialIssuer = credentialIssuer
            self.issuerDID = issuerDID
            self.configurations = configurations
        }
    }

    /// The endpoints' paths, relative to the issuer identifier's path.
    public enum Endpoint: String, Sendable, CaseIterable {
        /// The Token Endpoint.
        case token = "/token"
        /// The Nonce Endpoint.
        case nonce = "/nonce"
        /// The Credential Endpoint.
        case credential = "/credential"
        /// The Deferred Credential Endpoint.
        case deferredCredential = "/deferred-credential"
        /// The Authorization Endpoint.
        case authorize = "/authorize"
        /// Offers by reference: `/offers/<id>`.
        case offers = "/offers/"
    }

    /// The wallet whose DID signs.
    public let wallet: Wallet
    /// The configuration.
    public let configuration: Configuration
    /// Where the state lives.
    public let store: any IssuanceStateStore
    /// Resolves the DIDs of `kid` key proofs (offline did:key and did:jwk unless stated).
    public let resolver: any DIDResolver
    let now: @Sendable () -> Date
    let logger: Logger
    let origin: String
    let basePath: String

    /// An issuer over `wallet` (which must be unlocked to issue).
    /// - Parameters:
    ///   - wallet: The wallet holding ``Configuration/issuerDID``.
    ///   - configuration: What is offered.
    ///   - store: The state store (in memory unless stated).
    ///   - resolver: Resolves the DIDs named by `kid` in key proofs.
    ///   - now: The clock for key proof times.
    ///   - logger: Where identifiers (never secrets) are logged; discards by default.
    /// - Throws: ``OpenID4VCError/Code/invalidMessage`` when the identifier is not an https URL
    ///   (or an http URL of a loopback IP literal).
    public init(wallet: Wallet, configuration: Configuration, store: any IssuanceStateStore = InMemoryIssuanceStateStore(),
                resolver: any DIDResolver = DIDResolverRegistry.standard, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "OpenID4VC.issuer", factory: { _ in SwiftLogNoOpLogHandler() })) throws(OpenID4VCError) {
        (origin, basePath) = try WellKnownURL.split(configuration.credentialIssuer, "credential issuer identifier")
        self.wallet = wallet
        self.configuration = configuration
        self.store = store
        self.resolver = resolver
        self.now = now
        self.logger = logger
    }

    /// The absolute URL of `endpoint`.
    public func url(_ endpoint: Endpoint) -> String { origin + basePath + endpoint.rawValue }

    /// The Credential Issuer metadata this issuer publishes.
    public var metadata: CredentialIssuerMetadata {
        CredentialIssuerMetadata(
            credentialIssuer: configuration.credentialIssuer, credentialEndpoint: url(.credential), nonceEndpoint: url(.nonce),
            deferredCredentialEndpoint: url(.deferredCredential), display: configuration.display,
            configurations: configuration.configurations
        )
    }

    /// The authorization server metadata (the issuer is its own authorization server).
    public var authorizationServerMetadata: AuthorizationServerMetadata {
        AuthorizationServerMetadata(
            issuer: configuration.credentialIssuer, tokenEndpoint: url(.token),
            authorizationEndpoint: configuration.servesAuthorizationEndpoint ? url(.authorize) : nil
        )
    }

    /// Routes one request by method and path (relative to the host): the two well-known documents
    /// (GET), an offer by reference (GET), the authorization endpoint (GET), and the token, nonce,
    /// credential and deferred credential endpoints (POST). Anything else is 404 (405 for another
    /// method on a known path).
    public func handle(method: String, path: String, query: String?, headers: [(String, String)], body: [UInt8]) async -> OpenIDHTTPResponse {
        let header = { (name: String) in headers.first { $0.0.lowercased() == name }?.1 }
        let get = method == "GET", post = method == "POST"
        switch path {
        case CredentialIssuerMetadata.wellKnownPath + basePath:
            return get ? .json(metadata.jsonValue) : Self.methodNotAllowed
        case AuthorizationServerMetadata.oauthWellKnownPath + basePath, basePath + AuthorizationServerMetadata.openIDWellKnownPath:
            return get ? .json(authorizationServerMetadata.jsonValue) : Self.methodNotAllowed
        case basePath + Endpoint.token.rawValue:
            guard post else { return Self.methodNotAllowed }
            guard let form = try? FormEncoding.decode(body: body) else { return .oauthError("invalid_request", "the body is not a valid form") }
            return await token(form: form)
        case basePath + Endpoint.nonce.rawValue:
            return post ? await nonce() : Self.methodNotAllowed
        case basePath + Endpoint.credential.rawValue:
            return post ? await credential(authorization: header("authorization"), contentType: header("content-type"), body: body) : Self.methodNotAllowed
        case basePath + Endpoint.deferredCredential.rawValue:
            return post ? await deferredCredential(authorization: header("authorization"), contentType: header("content-type"), body: body)
                : Self.methodNotAllowed
        case basePath + Endpoint.authorize.rawValue where configuration.servesAuthorizationEndpoint:
            guard get else { return Self.methodNotAllowed }
            guard let parameters = try? FormEncoding.decode(query ?? "") else { return .oauthError("invalid_request", "the query is not valid") }
            return await authorize(query: parameters)
        default:
            let offers = basePath + Endpoint.offers.rawValue
            if path.hasPrefix(offers), path.count > offers.count {
                return get ? await offer(id: String(path.dropFirst(offers.count))) : Self.methodNotAllowed
            }
            return OpenIDHTTPResponse(status: 404)
        }
    }

    static let methodNotAllowed = OpenIDHTTPResponse(status: 405)

    /// A fresh random 256-bit value, base64url (43 characters).
    static func randomValue() -> String { Base64URL.encode(SecureRandom.bytes(count: 32)) }
}
