import DIDCore
public import Foundation
import StrictJSON
public import VerifiableCredentials
import WalletCrypto

/// The verifier role of OpenID4VP 1.0 as a library type an app hosts (decision 0032): it makes
/// requests signed under an `x509_hash:` client id (HAIP), serves their request objects (GET, and
/// POST with `wallet_nonce`, §5.10), and takes the responses — decrypting `direct_post.jwt`,
/// checking `state`, verifying each presentation with the `Verifier` bound to the request's
/// nonce and client id, checking the query is answered — and keeps the results.
///
/// No HTTP server is inside: the host routes `GET`/`POST` on ``requestURI(id:)`` to
/// ``requestObject(id:walletNonce:)`` and `POST` on ``responseURI(id:)`` to
/// ``receiveResponse(id:form:)``.
public struct PresentationVerifierService: Sendable {
    /// How the service is set up.
    public struct Configuration: Sendable {
        /// The URL the routes hang under (`https://verifier.example`, no trailing `/`).
        public var baseURL: String
        /// The certificate chain of the signing key: base64 DER, leaf first (the `x5c` header).
        public var certificateChain: [String]
        /// Signs request objects with the leaf certificate's key (P-256 for HAIP).
        public var signer: any Signer
        /// The key responses are encrypted to (`direct_post.jwt`).
        public var encryptionKey: ResponseEncryptionKey
        /// Verifies the presentations (its resolver, status lists, trusted issuers, clock);
        /// nonce, client id and holder binding are set per request.
        public var verifier: Verifier
        /// How long a request is served and answerable, in seconds.
        public var requestLifetime: TimeInterval
        /// The clock.
        public var now: @Sendable () -> Date

        /// A configuration.
        public init(baseURL: String, certificateChain: [String], signer: any Signer, encryptionKey: ResponseEncryptionKey = ResponseEncryptionKey(),
                    verifier: Verifier = Verifier(), requestLifetime: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
            self.baseURL = baseURL
            self.certificateChain = certificateChain
            self.signer = signer
            self.encryptionKey = encryptionKey
            self.verifier = verifier
            self.requestLifetime = requestLifetime
            self.now = now
        }
    }

    /// A request made by ``createRequest(query:responseMode:)``.
    public struct CreatedRequest: Sendable {
        /// The request id.
        public let id: String
        /// The link a wallet opens (`openid4vp://?client_id=…&request_uri=…&request_uri_method=post`).
        public let walletLink: String
        /// The request object as a `GET` on the request URI serves it.
        public let requestObject: String
    }

    /// The configuration.
    public let configuration: Configuration
    /// The state.
    public let store: any PresentationStateStore
    /// `x509_hash:` and the base64url SHA-256 of the leaf certificate's DER (§5.9.3).
    public let clientId: String

    /// A service over `store`.
    ///
    /// - Throws: ``OpenID4VCError`` `invalidMessage` when the chain is empty or its leaf is not base64.
    public init(configuration: Configuration, store: any PresentationStateStore) throws(OpenID4VCError) {
        guard let leaf = configuration.certificateChain.first, let der = Data(base64Encoded: leaf) else {
            throw OpenID4VCError(.invalidMessage, "the verifier's certificate chain is empty or not base64 DER")
        }
        self.configuration = configuration
        self.store = store
        clientId = "x509_hash:" + Base64URL.encode(SHA256.hash(Array(der)))
    }

    /// Where the request object of `id` is served.
    public func requestURI(id: String) -> String { "\(configuration.baseURL)/presentations/\(id)/request" }
    /// Where the response to `id` is posted.
    public func responseURI(id: String) -> String { "\(configuration.baseURL)/presentations/\(id)/response" }

    /// Makes and stores a request for `query`.
    public func createRequest(query: DCQLQuery, responseMode: AuthorizationRequest.ResponseMode = .directPostJWT) async throws(OpenID4VCError)
        -> CreatedRequest {
        let now = configuration.now()
        let id = Self.random(), record = PresentationRequestRecord(
            id: id, nonce: Self.random(), state: Self.random(), clientId: clientId, responseMode: responseMode.rawValue,
            responseURI: responseURI(id: id), query: query.jsonValue, createdAt: now, expiresAt: now.addingTimeInterval(configuration.requestLifetime))
        try await store.insert(record)
        let link = "openid4vp://?" + FormEncoding.encode([("client_id", clientId), ("request_uri", requestURI(id: id)),
                                                              ("request_uri_method", "post")])
        return CreatedRequest(id: id, walletLink: link, requestObject: try await sign(record, walletNonce: nil))
    }

    /// The signed request object of `id`, with the wallet's `wallet_nonce` when it POSTed one.
    ///
    /// - Throws: ``OpenID4VCError`` `notFoundOrUsed` for an unknown, expired or answered request.
    public func requestObject(id: String, walletNonce: String?) async throws(OpenID4VCError) -> String {
        if let walletNonce, walletNonce.isEmpty || walletNonce.utf8.count > 512 {
            throw OpenID4VCError(.invalidMessage, "wallet_nonce is 1 to 512 bytes")
        }
        return try await sign(try await store.request(id: id, at: configuration.now()), walletNonce: walletNonce)
    }

    private func sign(_ record: PresentationRequestRecord, walletNonce: String?) async throws(OpenID4VCError) -> String {
        var metadata: JSONObject = ["jwks": ["keys": [configuration.encryptionKey.publicJWK.jsonValue]]]
        metadata["encrypted_response_enc_values_supported"] = ["A128GCM", "A256GCM"]
        metadata["vp_formats_supported"] = [
            "dc+sd-jwt": ["sd-jwt_alg_values": ["ES256", "EdDSA"], "kb-jwt_alg_values": ["ES256", "EdDSA"]],
            "jwt_vc_json": ["alg_values": ["ES256", "EdDSA"]],
            "ldp_vc": ["proof_type_values": ["DataIntegrityProof"], "cryptosuite_values": ["eddsa-jcs-2022", "ecdsa-jcs-2019"]],
        ]
        var claims: JSONObject = [
            "client_id": .string(record.clientId), "aud": .string(AuthorizationRequestValidator.selfIssuedAudience),
            "response_type": "vp_token", "response_mode": .string(record.responseMode), "response_uri": .string(record.responseURI),
            "nonce": .string(record.nonce), "state": .string(record.state), "dcql_query": record.query, "client_metadata": .object(metadata),
            "iat": .number(JSONNumber(Int(configuration.now().timeIntervalSince1970))),
            "exp": .number(JSONNumber(Int(record.expiresAt.timeIntervalSince1970))),
        ]
        if let walletNonce { claims["wallet_nonce"] = .string(walletNonce) }
        return try await RequestObject.sign(claims: claims, x5c: configuration.certificateChain, signer: configuration.signer)
    }

    /// The result of request `id`, when its answer arrived.
    public func result(id: String) async throws(OpenID4VCError) -> PresentationResultRecord? { try await store.result(id: id) }

    /// 256 random bits, base64url.
    static func random() -> String { Base64URL.encode(SecureRandom.bytes(count: 32)) }
}
