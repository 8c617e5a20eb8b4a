import Crypto
import DIDCore
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCore

/// Attacks on issuance (security requirement 47), each refused with its code and nothing stored:
/// a metadata `credential_issuer` that is not the offer's, a wrong `state`, a PKCE verifier that
/// does not match, a replayed nonce, a credential bound to another key, a tampered credential.
@Suite("OpenID4VCI: attacks")
struct IssuanceAttackTests {
    /// Runs `receive` and expects `code`; the holder's store must stay empty.
    static func expectRefused(_ code: OpenID4VCError.Code, _ harness: IssuanceHarness, offer: String, options: ReceiveOptions = ReceiveOptions(),
                              authorize: (@Sendable (String) async -> Void)? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        do {
            _ = try await harness.holderWallet.receive(offer: offer, options: options, client: harness.client, authorize: authorize)
            Issue.record("receive succeeded; expected \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try await harness.holderWallet.credentials().isEmpty, sourceLocation: sourceLocation)
    }

    @Test("Metadata naming another credential_issuer: issuerMismatch before any token request (the pre-authorized code is never sent)")
    func metadataIssuerMismatch() async throws {
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/.well-known/openid-credential-issuer", var object = try? JSONValue(parsing: response.body).objectValue else { return response }
            object["credential_issuer"] = "https://evil.example"
            return .json(JSONValue.object(object).compactString)
        })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        try await Self.expectRefused(.issuerMismatch, harness, offer: offer.uri)
        #expect(!harness.paths.contains("/token"))
    }

    @Test("An offer whose credential_issuer differs from the host serving the metadata is refused (the identifier is compared exactly)")
    func offerForAnotherIdentifier() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        // The same server reached as 127.0.0.1: its metadata names issuer.test, so the offer's identifier does not match.
        var object = try #require(offer.offer.jsonValue.objectValue)
        object["credential_issuer"] = .string(harness.server.origin())
        try await Self.expectRefused(.issuerMismatch, harness, offer: JSONValue.object(object).compactString)
        #expect(!harness.paths.contains("/token"))
    }

    @Test("Authorization response with another state: authorizationFailed, no token requested")
    func wrongState() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        try await Self.expectRefused(.authorizationFailed, harness, offer: offer.uri, authorize: { url in
            await IssuanceBrowser.follow(url, service: harness.service, tamper: { items in items.map { $0.0 == "state" ? ("state", "forged") : $0 } })
        })
        #expect(!harness.paths.contains("/token"))
    }

    @Test("Authorization response from another issuer (iss, RFC 9207) or with an error: authorizationFailed")
    func wrongIssuerInRedirect() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        for tamper: @Sendable ([(String, String)]) -> [(String, String)] in [
            { items in items.map { $0.0 == "iss" ? ("iss", "https://evil.example") : $0 } },
            { items in items.filter { $0.0 != "code" } + [("error", "access_denied")] },
        ] {
            let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
            try await Self.expectRefused(.authorizationFailed, harness, offer: offer.uri, authorize: { url in
                await IssuanceBrowser.follow(url, service: harness.service, tamper: tamper)
            })
        }
        #expect(!harness.paths.contains("/token"))
    }

    @Test("PKCE: an intercepted code redeemed without the verifier, or with another, is invalid_grant; plain challenges are refused")
    func pkce() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        let state = try #require(offer.offer.authorizationCode?.issuerState)
        let verifier = String(repeating: "a", count: 43)
        let challenge = Base64URL.encode(WalletCrypto.SHA256.hash(Array(verifier.utf8)))
        let redirect = "http://127.0.0.1:9/cb"
        let base = [("response_type", "code"), ("client_id", "wallet"), ("redirect_uri", redirect), ("issuer_state", state), ("state", "s")]
        // plain is refused (and the issuer state is left for the real request).
        let plain = await harness.service.authorize(query: base + [("code_challenge", verifier), ("code_challenge_method", "plain")])
        #expect(plain.header("Location")?.contains("error=invalid_request") == true)
        let answer = await harness.service.authorize(query: base + [("code_challenge", challenge), ("code_challenge_method", "S256")])
        let location = try #require(answer.header("Location"))
        let code = try #require(try FormEncoding.dictionary(location.split(separator: "?")[1])["code"])
        let attacker = await harness.service.token(form: [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect),
                                                          ("client_id", "wallet"), ("code_verifier", String(repeating: "b", count: 43))])
        #expect(attacker.status == 400 && IssuanceHarness.oauthError(attacker) == "invalid_grant")
        // The code was spent by the failed attempt: the right verifier cannot redeem it either.
        let late = await harness.service.token(form: [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect),
                                                      ("client_id", "wallet"), ("code_verifier", verifier)])
        #expect(late.status == 400)
    }

    @Test("A wallet refuses an authorization server that does not list S256")
    func holderRequiresS256() async throws {
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/.well-known/oauth-authorization-server", var object = try? JSONValue(parsing: response.body).objectValue else { return response }
            object["code_challenge_methods_supported"] = ["plain"]
            return .json(JSONValue.object(object).compactString)
        })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        try await Self.expectRefused(.authorizationFailed, harness, offer: offer.uri, authorize: { _ in Issue.record("the URL was opened") })
    }

    @Test("A replayed key proof (its c_nonce already used) is invalid_nonce; the first use succeeded")
    func replayedNonce() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        _ = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        let request = try #require(harness.server.requests.first { $0.path == "/credential" })
        let replay = await harness.service.credential(authorization: request.header("Authorization"), contentType: "application/json", body: request.body)
        #expect(replay.status == 400 && IssuanceHarness.oauthError(replay) == "invalid_nonce")
    }

    @Test("A credential bound to another key than the one proven: bindingMismatch, nothing stored", arguments: ["identity_sd_jwt", "degree_jwt"])
    func boundToAnotherKey(_ configurationId: String) async throws {
        let box = ResponseBox()
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/credential", let replacement = box.value else { return response }
            return replacement
        })
        defer { Task { await harness.stop() } }
        // What the issuer would issue to a stranger's key, served in place of the holder's.
        let stranger = try await harness.issuerWallet.createDID(method: .key, label: "stranger").did.description
        let issued = configurationId == "identity_sd_jwt"
            ? try await harness.issuerWallet.issue(claims: IssuanceHarness.claims, vct: "https://credentials.example/identity", issuer: harness.issuerDID,
                                                   holder: stranger)
            : try await harness.issuerWallet.issue(subject: ["id": .string(stranger)], issuer: harness.issuerDID, format: .jwtVC11,
                                                   types: ["UniversityDegreeCredential"])
        guard case .compact(let text) = issued else { Issue.record("not compact"); return }
        let body: JSONValue = ["credentials": [["credential": .string(text)]]]
        box.value = .json(body.compactString)
        let offer = try await harness.service.createOffer(configurationIds: [configurationId], claims: IssuanceHarness.claims)
        try await Self.expectRefused(.bindingMismatch, harness, offer: offer.uri)
    }

    @Test("A tampered credential (one claim changed, or the signature) does not verify: credentialNotVerified, nothing stored", arguments: [
        "identity_sd_jwt", "degree_jwt", "degree_ldp",
    ])
    func tampered(_ configurationId: String) async throws {
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/credential", var object = try? JSONValue(parsing: response.body),
                  let credential = object["credentials"]?[0]?["credential"] else { return response }
            var tampered: JSONValue
            if let text = credential.stringValue {
                // Flip one character of the issuer-signed JWT's payload.
                var characters = Array(text)
                let dot = characters.firstIndex(of: ".")!
                characters[dot + 5] = characters[dot + 5] == "A" ? "B" : "A"
                tampered = .string(String(characters))
            } else {
                var document = credential.objectValue!
                var subject = document["credentialSubject"]!.objectValue!
                subject["given_name"] = "Mallory"
                document["credentialSubject"] = .object(subject)
                tampered = .object(document)
            }
            object = ["credentials": [["credential": tampered]]]
            return .json(object.compactString)
        })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: [configurationId], claims: IssuanceHarness.claims)
        try await Self.expectRefused(.credentialNotVerified, harness, offer: offer.uri)
    }

    @Test("A credential in another format than the configuration names is refused")
    func wrongFormat() async throws {
        let box = ResponseBox()
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/credential", let replacement = box.value else { return response }
            return replacement
        })
        defer { Task { await harness.stop() } }
        let holderDID = try await harness.holderWallet.createDID(method: .key).did.description
        let issued = try await harness.issuerWallet.issue(subject: ["id": .string(holderDID)], issuer: harness.issuerDID, format: .jwtVC11)
        guard case .compact(let text) = issued else { return }
        let body: JSONValue = ["credentials": [["credential": .string(text)]]]
        box.value = .json(body.compactString)
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        try await Self.expectRefused(.credentialNotVerified, harness, offer: offer.uri)
    }

    @Test("tx_code: missing is transactionCodeRequired before any token request; wrong is invalid_grant; three wrong void the code")
    func transactionCode() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims,
                                                          grant: .preAuthorizedCode(transactionCode: "1234"))
        try await Self.expectRefused(.transactionCodeRequired, harness, offer: offer.uri)
        #expect(!harness.paths.contains("/token"))
        for _ in 0..<2 {
            do {
                _ = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client, transactionCode: { _ in "0000" })
                Issue.record("a wrong tx_code was accepted")
            } catch {
                #expect(error.code == .peerError && error.message.contains("invalid_grant"))
            }
        }
        // The right code still works after two wrong ones ...
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client, transactionCode: { _ in "1234" })
        #expect(result.stored.count == 1)
        // ... and a new offer is void after three wrong ones.
        let second = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims,
                                                           grant: .preAuthorizedCode(transactionCode: "1234"))
        let code = try #require(second.offer.preAuthorizedCode?.code)
        for _ in 0..<3 {
            let wrong = await harness.service.token(form: [("grant_type", CredentialOffer.preAuthorizedCodeGrantType), ("pre-authorized_code", code), ("tx_code", "9")])
            #expect(wrong.status == 400)
        }
        let right = await harness.service.token(form: [("grant_type", CredentialOffer.preAuthorizedCodeGrantType), ("pre-authorized_code", code), ("tx_code", "1234")])
        #expect(right.status == 400 && IssuanceHarness.oauthError(right) == "invalid_grant")
    }

    @Test("A pre-authorized code is single use: the second token request is invalid_grant")
    func codeSingleUse() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let form = [("grant_type", CredentialOffer.preAuthorizedCodeGrantType), ("pre-authorized_code", try #require(offer.offer.preAuthorizedCode?.code))]
        #expect(await harness.service.token(form: form).status == 200)
        let again = await harness.service.token(form: form)
        #expect(again.status == 400 && IssuanceHarness.oauthError(again) == "invalid_grant")
    }

    @Test("An access token issues a configuration once: a second credential request, with a fresh nonce and another key's proof, is refused")
    func oneCredentialPerToken() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        _ = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        let request = try #require(harness.server.requests.first { $0.path == "/credential" })
        let nonce = try #require(try JSONValue(parsing: await harness.service.nonce().body).objectValue?["c_nonce"]?.stringValue)
        let otherKey = try X509TestSDJWT.signer(Crypto.P256.Signing.PrivateKey())
        let proof = try await KeyProof.sign(signer: otherKey, audience: harness.service.configuration.credentialIssuer, nonce: nonce, key: .jwk)
        let body = JSONSerializer().serialize(["credential_configuration_id": "identity_sd_jwt", "proofs": ["jwt": [.string(proof)]]])
        let again = await harness.service.credential(authorization: request.header("Authorization"), contentType: "application/json", body: body)
        #expect(again.status == 400 && IssuanceHarness.oauthError(again) == "invalid_credential_request", "\(again.status)")
    }

    @Test("A loopback redirect_uri is parsed, not prefix-matched; no redirect without a pending offer (no open redirector)")
    func loopbackRedirectWithUserInfo() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        let state = try #require(offer.offer.authorizationCode?.issuerState)
        let challenge = Base64URL.encode(WalletCrypto.SHA256.hash(Array(String(repeating: "a", count: 43).utf8)))
        for redirect in ["http://127.0.0.1:80@evil.example/cb", "http://[::1]:@evil.example/", "http://127.0.0.1.evil.example/cb", "http://127.0.0.1:8x/cb"] {
            let answer = await harness.service.authorize(query: [
                ("response_type", "code"), ("client_id", "wallet"), ("redirect_uri", redirect), ("issuer_state", state), ("state", "s"),
                ("code_challenge", challenge), ("code_challenge_method", "S256"),
            ])
            #expect(answer.header("Location") == nil && answer.status == 400, "\(redirect): \(answer.status)")
        }
        // An https redirect_uri with no pending offer behind the request: 400, not a redirect there
        // (the endpoint is no open redirector).
        for issuerState in ["unknown-state", nil] as [String?] {
            var query = [("response_type", "code"), ("client_id", "wallet"), ("redirect_uri", "https://evil.example/cb"), ("state", "s"),
                         ("code_challenge", challenge), ("code_challenge_method", "S256")]
            if let issuerState { query.append(("issuer_state", issuerState)) }
            let answer = await harness.service.authorize(query: query)
            #expect(answer.header("Location") == nil && answer.status == 400, "\(String(describing: issuerState)): \(answer.status)")
        }
        // The loopback forms still work.
        let good = await harness.service.authorize(query: [
            ("response_type", "code"), ("client_id", "wallet"), ("redirect_uri", "http://[::1]:8123/cb"), ("issuer_state", state), ("state", "s"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ])
        #expect(good.header("Location")?.hasPrefix("http://[::1]:8123/cb?") == true)
    }
}

/// A response an attack test swaps in, set after the harness exists.
final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: LoopbackHTTPServer.Response?
    var value: LoopbackHTTPServer.Response? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
