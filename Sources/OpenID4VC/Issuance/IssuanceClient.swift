import Foundation
public import GuardedHTTP
public import Logging
public import StrictJSON

/// The holder's side of OpenID4VCI 1.0 over the guarded HTTP client: each protocol step as a
/// method (offer by reference, metadata, token, nonce, credential, deferred credential), and the
/// whole flow in ``receive(offer:options:holderKey:transactionCode:authorize:)``.
///
/// Every fetch goes through `GuardedHTTPClient` (address checks, byte caps, a deadline, no
/// redirects for POSTs); every response is strict JSON within bounds; OAuth error responses
/// become ``OpenID4VCError/Code/peerError``, transport failures
/// ``OpenID4VCError/Code/transportFailed``. Secrets (codes, `tx_code`, tokens) are never logged.
public struct IssuanceClient: Sendable {
    /// The HTTP client every request goes through.
    public let client: GuardedHTTPClient
    let logger: Logger

    /// A client over `client`.
    /// - Parameters:
    ///   - client: The guarded client (its allow-list and trust anchors apply to every step).
    ///   - logger: Where steps are logged (URLs and codes, never secrets); discards by default.
    public init(client: GuardedHTTPClient, logger: Logger = Logger(label: "OpenID4VC.issuance", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.client = client
        self.logger = logger
    }

    /// An access token (RFC 6749 §5.1). Its value is a secret: not in ``description``.
    public struct Token: Sendable, CustomStringConvertible {
        /// The access token.
        public let accessToken: String
        /// Lifetime in seconds, when given.
        public let expiresIn: Int?
        /// `credential_identifiers` by configuration id, from `authorization_details` (§6.2).
        public let credentialIdentifiers: [String: [String]]
        /// Redacted.
        public var description: String { "Token(<redacted>, expiresIn: \(expiresIn.map(String.init) ?? "-"))" }
    }

    /// What the Credential Endpoint answered (§8.3).
    public enum CredentialResponse: Sendable {
        /// The credentials (strings, or JSON objects for `ldp_vc`).
        case issued([JSONValue])
        /// Deferred: ask the Deferred Credential Endpoint with this id after `interval` seconds.
        case deferred(transactionId: String, interval: Int)
    }

    /// The offer a link names: parsed, or fetched from its `credential_offer_uri` (§4.1.3, GET,
    /// `application/json`).
    public func offer(from link: String) async throws(OpenID4VCError) -> CredentialOffer {
        switch try CredentialOfferLink(parsing: link).source {
        case .value(let offer):
            return offer
        case .reference(let url):
            let response = try await send(GuardedHTTPRequest(url: url, accept: "application/json"), "credential offer")
            return try CredentialOffer(json: response.body)
        }
    }

    /// The issuer's metadata from its well-known URL; its `credential_issuer` must be `issuer`.
    public func issuerMetadata(for issuer: String) async throws(OpenID4VCError) -> CredentialIssuerMetadata {
        let url = try CredentialIssuerMetadata.wellKnownURL(for: issuer)
        let response = try await send(GuardedHTTPRequest(url: url, accept: "application/json"), "credential issuer metadata")
        if let type = response.contentType, type.lowercased().hasPrefix("application/jwt") {
            throw OpenID4VCError(.invalidMessage, "signed issuer metadata (application/jwt) is not read; unsigned JSON is required")
        }
        return try CredentialIssuerMetadata(json: response.body, expectedIssuer: issuer)
    }

    /// The metadata of authorization server `issuer`: RFC 8414's well-known URL, then OpenID
    /// Connect Discovery's when the first answers 404; its `issuer` must be `issuer`.
    public func authorizationServerMetadata(for issuer: String) async throws(OpenID4VCError) -> AuthorizationServerMetadata {
        let urls = try AuthorizationServerMetadata.wellKnownURLs(for: issuer)
        var lastError: OpenID4VCError?
        for url in urls {
            let response = try await send(GuardedHTTPRequest(url: url, accept: "application/json", errorStatusesReturned: true), "authorization server metadata",
                                          acceptErrors: true)
            if response.status == 404 {
                lastError = OpenID4VCError(.transportFailed, "\(url): HTTP 404")
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw OpenID4VCError(.transportFailed, "\(url): HTTP \(response.status)")
            }
            return try AuthorizationServerMetadata(json: response.body, expectedIssuer: issuer)
        }
        throw lastError ?? OpenID4VCError(.transportFailed, "no authorization server metadata for \(issuer)")
    }

    /// A token request (§6.1) of `form` to `endpoint`: a Bearer token, or the server's OAuth error.
    public func token(endpoint: String, form: [(String, String)]) async throws(OpenID4VCError) -> Token {
        let request = GuardedHTTPRequest.post(endpoint, body: FormEncoding.encodeBody(form), contentType: "application/x-www-form-urlencoded",
                                              accept: "application/json", errorStatusesReturned: true)
        let object = try JSONBody.object(try await send(request, "token endpoint").body, "token response")
        let accessToken = try JSONBody.string(object, "access_token", "token response")
        guard accessToken.utf8.count <= 4096, accessToken.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw OpenID4VCError(.invalidMessage, "the access token is not a printable ASCII string of at most 4096 bytes")
        }
        guard try JSONBody.string(object, "token_type", "token response").lowercased() == "bearer" else {
            throw OpenID4VCError(.invalidMessage, "the token is not a Bearer token (DPoP is not used by this wallet)")
        }
        var identifiers: [String: [String]] = [:]
        for detail in object["authorization_details"]?.arrayValue ?? [] {
            guard detail["type"]?.stringValue == "openid_credential", let id = detail["credential_configuration_id"]?.stringValue else { continue }
            identifiers[id] = detail["credential_identifiers"]?.arrayValue?.compactMap(\.stringValue)
        }
        return Token(accessToken: accessToken, expiresIn: try JSONBody.optionalInteger(object, "expires_in", "token response"),
                     credentialIdentifiers: identifiers)
    }

    /// A fresh `c_nonce` from the Nonce Endpoint (§7: POST, no body).
    public func nonce(endpoint: String) async throws(OpenID4VCError) -> String {
        let request = GuardedHTTPRequest.post(endpoint, body: [], contentType: "application/json", accept: "application/json", errorStatusesReturned: true)
        let object = try JSONBody.object(try await send(request, "nonce endpoint").body, "nonce response")
        return try JSONBody.string(object, "c_nonce", "nonce response")
    }

    /// A credential request (§8.2) with `body` and the access token.
    public func credential(endpoint: String, token: Token, body: JSONValue) async throws(OpenID4VCError) -> CredentialResponse {
        try await credentialExchange(endpoint: endpoint, token: token, body: body, "credential endpoint")
    }

    /// A deferred credential request (§9.1) for `transactionId`.
    public func deferredCredential(endpoint: String, token: Token, transactionId: String) async throws(OpenID4VCError) -> CredentialResponse {
        try await credentialExchange(endpoint: endpoint, token: token, body: ["transaction_id": .string(transactionId)], "deferred credential endpoint")
    }

    private func credentialExchange(endpoint: String, token: Token, body: JSONValue, _ what: String) async throws(OpenID4VCError) -> CredentialResponse {
        let request = GuardedHTTPRequest.post(endpoint, body: JSONSerializer().serialize(body), contentType: "application/json", accept: "application/json",
                                              headers: [("Authorization", "Bearer " + token.accessToken)], errorStatusesReturned: true)
        let response = try await send(request, what)
        let object = try JSONBody.object(response.body, "\(what) response")
        if let credentials = object["credentials"] {
            guard let array = credentials.arrayValue, !array.isEmpty, array.count <= 16 else {
                throw OpenID4VCError(.invalidMessage, "the \(what)'s credentials is not an array of 1 to 16 objects")
            }
            var output: [JSONValue] = []
            for entry in array {
                guard let credential = entry["credential"], credential.stringValue != nil || credential.objectValue != nil else {
                    throw OpenID4VCError(.invalidMessage, "a credentials entry has no credential string or object")
                }
                output.append(credential)
            }
            return .issued(output)
        }
        if let transaction = object["transaction_id"]?.stringValue, !transaction.isEmpty, transaction.utf8.count <= 512 {
            let interval = try JSONBody.optionalInteger(object, "interval", "\(what) response") ?? 5
            return .deferred(transactionId: transaction, interval: max(1, interval))
        }
        throw OpenID4VCError(.invalidMessage, "the \(what) answered neither credentials nor a transaction_id")
    }

    /// Sends `request`; a 4xx/5xx with an OAuth error body is ``OpenID4VCError/Code/peerError``
    /// unless `acceptErrors`.
    func send(_ request: GuardedHTTPRequest, _ what: String, acceptErrors: Bool = false) async throws(OpenID4VCError) -> GuardedHTTPClient.Response {
        let response: GuardedHTTPClient.Response
        do { response = try await client.send(request) } catch {
            throw OpenID4VCError(.transportFailed, "the \(what) could not be reached: \(error.code): \(error.message)")
        }
        logger.debug("\(request.method.rawValue) \(response.url.scheme)://\(response.url.host):\(response.url.port) \(response.status)", metadata: ["step": "\(what)"])
        if !acceptErrors && !(200..<300).contains(response.status) { throw JSONBody.peerError(status: response.status, body: response.body, what) }
        return response
    }
}
