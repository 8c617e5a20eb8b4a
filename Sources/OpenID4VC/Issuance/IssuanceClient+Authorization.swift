import Logging
import DIDCore
import StrictJSON
import WalletCrypto

extension IssuanceClient {
    /// The authorization code flow of a native app (§5; RFC 6749 §4.1, RFC 7636 with S256, RFC
    /// 8252 §7.3, RFC 9207): a loopback redirect listener, the authorization URL (with
    /// `authorization_details` for the configurations, the offer's `issuer_state`, a fresh `state`
    /// and code challenge) handed to `open`, the one redirect checked — `state` equal to the one
    /// sent, no `error`, `iss` (when present) the authorization server's —, then the code
    /// exchanged with its `code_verifier`.
    func authorizationCodeToken(offer: CredentialOffer, metadata: CredentialIssuerMetadata, server: AuthorizationServerMetadata,
                                configurationIds: [String], options: ReceiveOptions, open: @Sendable (String) async -> Void) async throws(OpenID4VCError) -> Token {
        guard let endpoint = server.authorizationEndpoint else {
            throw OpenID4VCError(.authorizationFailed, "the authorization server has no authorization endpoint")
        }
        guard server.codeChallengeMethods.contains("S256") else {
            throw OpenID4VCError(.authorizationFailed, "the authorization server does not list PKCE with S256 (code_challenge_methods_supported)")
        }
        let verifier = Base64URLText.random(bytes: 32)
        let challenge = Base64URL.encode(WalletCrypto.SHA256.hash(Array(verifier.utf8)))
        let state = Base64URLText.random(bytes: 16)
        let listener = try LoopbackRedirectListener()
        defer { listener.shutdown() }
        var details: [JSONValue] = []
        for id in configurationIds {
            var detail: JSONObject = ["type": "openid_credential", "credential_configuration_id": .string(id)]
            if !metadata.authorizationServers.isEmpty { detail["locations"] = [.string(metadata.credentialIssuer)] }
            details.append(.object(detail))
        }
        var parameters: [(String, String)] = [
            ("response_type", "code"), ("client_id", options.clientId), ("redirect_uri", listener.redirectURI), ("state", state),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("authorization_details", JSONValue.array(details).compactString),
        ]
        if let issuerState = offer.authorizationCode?.issuerState { parameters.append(("issuer_state", issuerState)) }
        let url = endpoint + (endpoint.contains("?") ? "&" : "?") + FormEncoding.encode(parameters)
        // Listening starts before the URL is handed out: a browser may come back at once.
        let timeout = options.authorizationTimeout
        let waiting = Task { () -> Result<[String: String], OpenID4VCError> in
            do throws(OpenID4VCError) { return .success(try await listener.waitForRedirect(timeout: timeout)) } catch { return .failure(error) }
        }
        await open(url)
        let redirect = try await waiting.value.get()
        guard let returned = redirect["state"], ConstantTime.equals(Array(returned.utf8), Array(state.utf8)) else {
            throw OpenID4VCError(.authorizationFailed, "the authorization response does not carry the state that was sent")
        }
        if let error = redirect["error"] {
            let description = redirect["error_description"].map { ": " + String($0.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(200)) } ?? ""
            throw OpenID4VCError(.authorizationFailed, "the authorization server answered \(error.prefix(60))\(description)")
        }
        if let iss = redirect["iss"], iss != server.issuer {
            throw OpenID4VCError(.authorizationFailed, "the authorization response comes from another issuer (iss, RFC 9207)")
        }
        guard let code = redirect["code"], !code.isEmpty else {
            throw OpenID4VCError(.authorizationFailed, "the authorization response has no code")
        }
        return try await token(endpoint: server.tokenEndpoint, form: [
            ("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("redirect_uri", listener.redirectURI),
            ("client_id", options.clientId),
        ])
    }
}
