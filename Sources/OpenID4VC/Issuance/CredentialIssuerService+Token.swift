import Foundation
import Logging
import DIDCore
import StrictJSON
import WalletCrypto

extension CredentialIssuerService {
    /// The Token Endpoint (§6; RFC 6749 §4.1.3, RFC 7636 §4.6): `grant_type` pre-authorized code
    /// (the code taken once; a required `tx_code` compared with its salted hash, at most
    /// ``Configuration/maximumTransactionCodeAttempts`` wrong tries) or `authorization_code` (the
    /// code taken once, bound to its `client_id` and `redirect_uri`, and `code_verifier` checked
    /// against the S256 challenge). Answers a Bearer access token (random 256 bits) or an OAuth
    /// error (`invalid_request`, `invalid_grant`, `unsupported_grant_type`).
    /// - Parameter form: The request's form parameters (``FormEncoding/decode(body:)``).
    public func token(form: [(String, String)]) async -> OpenIDHTTPResponse {
        let parameters = Dictionary(form, uniquingKeysWith: { first, _ in first })
        let grant: IssuanceGrant
        switch parameters["grant_type"] {
        case CredentialOffer.preAuthorizedCodeGrantType:
            guard let code = parameters["pre-authorized_code"], code.utf8.count <= 128 else {
                return .oauthError("invalid_request", "pre-authorized_code is missing")
            }
            switch await redeemPreAuthorizedCode(code, transactionCode: parameters["tx_code"]) {
            case .accepted(let redeemed): grant = redeemed
            case .refused(let response): return response
            }
        case "authorization_code":
            guard let code = parameters["code"], code.utf8.count <= 128, let verifier = parameters["code_verifier"] else {
                return .oauthError("invalid_request", "code and code_verifier are required")
            }
            guard let record = (try? await store.take(.authorizationCode, key: code))?.objectValue, let redeemed = IssuanceGrant(record["grant"]?.objectValue) else {
                return .oauthError("invalid_grant", "the authorization code is unknown, expired or used")
            }
            guard record["clientId"]?.stringValue == parameters["client_id"], record["redirectUri"]?.stringValue == parameters["redirect_uri"] else {
                return .oauthError("invalid_grant", "client_id or redirect_uri differ from the authorization request")
            }
            guard let challenge = record["codeChallenge"]?.stringValue, Self.isValidVerifier(verifier),
                  Base64URL.encode(WalletCrypto.SHA256.hash(Array(verifier.utf8))) == challenge else {
                return .oauthError("invalid_grant", "the code_verifier does not match the code_challenge (S256)")
            }
            grant = redeemed
        case nil:
            return .oauthError("invalid_request", "grant_type is missing")
        default:
            return .oauthError("unsupported_grant_type")
        }
        let token = Self.randomValue()
        do {
            try await store.put(.accessToken, key: token, value: .object(grant.jsonObject), lifetime: configuration.accessTokenLifetime)
        } catch {
            return .oauthError("temporarily_unavailable", status: 503)
        }
        logger.info("access token issued", metadata: ["configurations": "\(grant.configurationIds)"])
        return .json([
            "access_token": .string(token), "token_type": "Bearer",
            "expires_in": .number(JSONNumber(Int(configuration.accessTokenLifetime.components.seconds))),
        ])
    }

    /// Takes the pre-authorized code; with a wrong or missing `tx_code` puts it back (with one
    /// more attempt counted, and its remaining lifetime) until the attempts run out.
    private func redeemPreAuthorizedCode(_ code: String, transactionCode: String?) async -> Checked<IssuanceGrant> {
        guard let record = (try? await store.take(.preAuthorizedCode, key: code))?.objectValue, let grant = IssuanceGrant(record) else {
            return .refused(.oauthError("invalid_grant", "the pre-authorized code is unknown, expired or used"))
        }
        guard let hash = record["txHash"]?.stringValue.flatMap({ try? Base64URL.decode($0) }),
              let salt = record["txSalt"]?.stringValue.flatMap({ try? Base64URL.decode($0) }) else {
            // §6.3: a tx_code the offer did not ask for is invalid_request (the code is spent: it was taken).
            return transactionCode == nil ? .accepted(grant) : .refused(.oauthError("invalid_request", "this offer takes no tx_code"))
        }
        if let transactionCode, transactionCode.utf8.count <= 64,
           ConstantTime.equals(Self.transactionCodeHash(transactionCode, salt: salt), hash) {
            return .accepted(grant)
        }
        let attempts = (record["attempts"]?.numberValue?.int64Value ?? 0) + 1
        let expires = record["expires"]?.numberValue?.int64Value ?? 0
        let remaining = expires - Int64(now().timeIntervalSince1970)
        if transactionCode != nil, attempts < Int64(configuration.maximumTransactionCodeAttempts), remaining > 0 {
            var again = record
            again["attempts"] = .number(JSONNumber(Int(attempts)))
            try? await store.put(.preAuthorizedCode, key: code, value: .object(again), lifetime: .seconds(remaining))
        } else if transactionCode == nil, remaining > 0 {
            try? await store.put(.preAuthorizedCode, key: code, value: .object(record), lifetime: .seconds(remaining))
        }
        logger.info("tx_code refused", metadata: ["attempt": "\(attempts)"])
        return transactionCode == nil
            ? .refused(.oauthError("invalid_request", "this offer requires a tx_code"))
            : .refused(.oauthError("invalid_grant", "the tx_code is wrong"))
    }

    /// A PKCE `code_verifier`: 43–128 unreserved characters (RFC 7636 §4.1).
    static func isValidVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte)
        }
    }

    /// The Authorization Endpoint (§5; RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 9207): needs
    /// `response_type=code`, a `client_id`, a `redirect_uri` that is https or a loopback `http`
    /// address (RFC 8252 §7.3), a `code_challenge` with `code_challenge_method=S256` (plain is
    /// refused), and the offer's `issuer_state` (taken: this issuer authenticates the user by the
    /// offer it prepared for them). Redirects with `code`, the `state` as given, and `iss`; errors
    /// go to the redirect URI once it is known valid and the `issuer_state` names a pending offer,
    /// as a 400 before (no open redirect).
    public func authorize(query: [(String, String)]) async -> OpenIDHTTPResponse {
        let parameters = Dictionary(query, uniquingKeysWith: { first, _ in first })
        guard let clientId = parameters["client_id"], !clientId.isEmpty, clientId.utf8.count <= 256 else {
            return .oauthError("invalid_request", "client_id is missing")
        }
        guard let redirectURI = parameters["redirect_uri"], Self.isAcceptableRedirect(redirectURI) else {
            return .oauthError("invalid_request", "redirect_uri is missing, or neither https nor a loopback http address")
        }
        // Nothing is redirected for a request that names no pending offer: any https redirect_uri is
        // taken (there is no client registration), so redirecting its errors would make this
        // endpoint an open redirector (RFC 9700 §4.11.1). The state is only read here; it is taken
        // below, once the request is otherwise acceptable.
        guard let pending = parameters["issuer_state"], pending.utf8.count <= 128, (try? await store.read(.issuerState, key: pending)) != nil else {
            return .oauthError("invalid_request", "no offer of this issuer is pending for this request")
        }
        let state = parameters["state"]
        func back(_ items: [(String, String)]) -> OpenIDHTTPResponse {
            var all = items
            if let state { all.append(("state", state)) }
            all.append(("iss", configuration.credentialIssuer))
            return .redirect(to: redirectURI + (redirectURI.contains("?") ? "&" : "?") + FormEncoding.encode(all))
        }
        guard parameters["response_type"] == "code" else { return back([("error", "unsupported_response_type")]) }
        guard parameters["code_challenge_method"] == "S256", let challenge = parameters["code_challenge"], challenge.utf8.count == 43 else {
            return back([("error", "invalid_request"), ("error_description", "PKCE with S256 is required")])
        }
        guard let issuerState = parameters["issuer_state"], issuerState.utf8.count <= 128,
              let grant = IssuanceGrant((try? await store.take(.issuerState, key: issuerState))?.objectValue) else {
            return back([("error", "access_denied"), ("error_description", "no offer of this issuer is pending for this request")])
        }
        let code = Self.randomValue()
        let record: JSONObject = [
            "grant": .object(grant.jsonObject), "clientId": .string(clientId), "redirectUri": .string(redirectURI), "codeChallenge": .string(challenge),
        ]
        do {
            try await store.put(.authorizationCode, key: code, value: .object(record), lifetime: configuration.authorizationCodeLifetime)
        } catch {
            return back([("error", "temporarily_unavailable")])
        }
        return back([("code", code)])
    }

    /// https, or http on 127.0.0.1 / [::1] (RFC 8252 §7.3; `localhost` is not used, §8.3); no fragment.
    static func isAcceptableRedirect(_ uri: String) -> Bool {
        guard uri.utf8.count <= 512, !uri.contains("#"), uri.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return false }
        if uri.hasPrefix("https://") { return (try? WellKnownURL.split(uri, "redirect_uri", allowQuery: true)) != nil }
        // The authority parsed, not a prefix: `http://127.0.0.1:80@evil.example/` is evil.example.
        guard uri.hasPrefix("http://"), let (origin, _) = try? WellKnownURL.split(uri, "redirect_uri", allowHTTP: true, allowQuery: true) else {
            return false
        }
        var authority = origin.dropFirst("http://".count)
        if authority.hasPrefix("127.0.0.1") { authority = authority.dropFirst(9) } else if authority.hasPrefix("[::1]") { authority = authority.dropFirst(5) } else {
            return false
        }
        guard !authority.isEmpty else { return true }
        let port = authority.dropFirst()
        return authority.first == ":" && (1...5).contains(port.count) && port.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
