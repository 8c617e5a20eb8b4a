import DIDCore
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCore

/// OpenID4VCI end to end on loopback TLS: every grant and format, the holder's `Wallet.receive`
/// against the issuer role `CredentialIssuerService`.
@Suite("OpenID4VCI: issuance end to end")
struct IssuanceFlowTests {
    static func cnfKey(_ sdJWT: String) throws -> PublicSigningKey {
        let parts = try SDJWT.Parts(parsing: sdJWT)
        let payload = try JSONValue(parsing: try CompactJWS(parsing: parts.issuerJWT).payload)
        return try JWK(json: try #require(payload["cnf"]?["jwk"])).publicSigningKey()
    }

    @Test("Pre-authorized code with tx_code, each format: verified, bound to a holder key, stored with the issuer's display", arguments: [
        "identity_sd_jwt", "degree_jwt", "degree_ldp",
    ])
    func preAuthorizedEachFormat(_ configurationId: String) async throws {
        let harness = try await IssuanceHarness.make()
        do {
            let offer = try await harness.service.createOffer(configurationIds: [configurationId], claims: IssuanceHarness.claims,
                                                              grant: .preAuthorizedCode(transactionCode: "493536"))
            #expect(offer.uri.hasPrefix("openid-credential-offer://?credential_offer="))
            let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client, transactionCode: { spec in
                spec.inputMode == "numeric" && spec.length == 6 ? "493536" : nil
            })
            let stored = try #require(result.stored.first)
            #expect(result.stored.count == 1 && result.pending.isEmpty && result.credentialIssuer == harness.service.configuration.credentialIssuer)
            #expect(stored.issuer == harness.issuerDID)
            #expect(stored.display?["configuration"] == .string(configurationId))
            #expect(stored.display?["issuerDisplay"]?[0]?["name"] == "Test University")
            // Stored means it was verified; it verifies again from the store.
            let raw = try #require(try await harness.holderWallet.credential(stored.id).raw)
            #expect(await Verifier().verify(raw).verified)
            let holderKeys = try await harness.holderWallet.keys().map(\.publicKey)
            switch configurationId {
            case "identity_sd_jwt":
                #expect(stored.format == "dc+sd-jwt" && stored.types == ["https://credentials.example/identity"])
                #expect(holderKeys.contains(try Self.cnfKey(raw)))
            case "degree_jwt":
                #expect(stored.format == "jwt-vc-1.1" && stored.types.contains("UniversityDegreeCredential"))
                let dids = try await harness.holderWallet.dids().map(\.did.description)
                #expect(stored.subjects.count == 1 && dids.contains(stored.subjects[0]))
            default:
                #expect(stored.format == "di-eddsa-rdfc-2022")
                let dids = try await harness.holderWallet.dids().map(\.did.description)
                #expect(stored.subjects.count == 1 && dids.contains(stored.subjects[0]))
            }
            // The flow: metadata, AS metadata, token, nonce, credential — each once.
            #expect(harness.paths == ["/.well-known/openid-credential-issuer", "/.well-known/oauth-authorization-server", "/token", "/nonce", "/credential"])
            let token = try #require(harness.server.requests.first { $0.path == "/token" })
            #expect(token.formFields["tx_code"] == "493536" && token.formFields["grant_type"] == CredentialOffer.preAuthorizedCodeGrantType)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test("HAIP: an ES256-only issuer with a P-256 DID gets a P-256-bound SD-JWT VC; --key-type p256 asks for one from any issuer")
    func p256Binding() async throws {
        let harness = try await IssuanceHarness.make(issuerKeyType: .p256, proofAlgorithms: ["ES256"])
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        let first = try #require(result.stored.first)
        let raw = try #require(try await harness.holderWallet.credential(first.id).raw)
        guard case .p256 = try Self.cnfKey(raw) else { Issue.record("the cnf key is not P-256"); return }
        let proof = try #require(harness.server.requests.first { $0.path == "/credential" })
        let jwt = try #require(try JSONValue(parsing: proof.body)["proofs"]?["jwt"]?[0]?.stringValue)
        let header = try JSONValue(parsing: try Base64URL.decode(String(jwt.split(separator: ".")[0])))
        #expect(header["alg"] == "ES256" && header["typ"] == "openid4vci-proof+jwt" && header["jwk"]?["crv"] == "P-256")

        let both = try await IssuanceHarness.make()
        defer { Task { await both.stop() } }
        var options = ReceiveOptions()
        options.keyType = .p256
        let second = try await both.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let stored = try await both.holderWallet.receive(offer: second.uri, options: options, client: both.client)
        let storedFirst = try #require(stored.stored.first)
        let storedRaw = try #require(try await both.holderWallet.credential(storedFirst.id).raw)
        guard case .p256 = try Self.cnfKey(storedRaw) else {
            Issue.record("keyType p256 did not give a P-256 binding"); return
        }
    }

    @Test("An offer by reference is fetched from its credential_offer_uri; several configurations come in one run")
    func byReference() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt", "degree_jwt"], claims: IssuanceHarness.claims,
                                                          byReference: true)
        #expect(offer.uri.hasPrefix("openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.test%3A"))
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        #expect(result.stored.map(\.format).sorted() == ["dc+sd-jwt", "jwt-vc-1.1"])
        #expect(harness.paths.first?.hasPrefix("/offers/") == true)
        #expect(try await harness.holderWallet.credentials().count == 2)
    }

    @Test("Authorization code with PKCE S256 through the loopback redirect: the browser's trip is played by the test")
    func authorizationCode() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["degree_ldp"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client, authorize: { url in
            await IssuanceBrowser.follow(url, service: harness.service)
        })
        #expect(result.stored.count == 1 && result.stored.first?.format == "di-eddsa-rdfc-2022")
        let token = try #require(harness.server.requests.first { $0.path == "/token" })
        #expect(token.formFields["grant_type"] == "authorization_code" && token.formFields["code_verifier"]?.count == 43)
        #expect(token.formFields["redirect_uri"]?.hasPrefix("http://127.0.0.1:") == true)
    }

    @Test("Deferred issuance: a 202 transaction is polled to the credential; one not ready in time is reported pending, nothing stored")
    func deferred() async throws {
        let harness = try await IssuanceHarness.make()
        defer { Task { await harness.stop() } }
        let ready = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, deferral: .zero)
        let result = try await harness.holderWallet.receive(offer: ready.uri, client: harness.client)
        #expect(result.stored.count == 1 && result.pending.isEmpty)
        #expect(harness.paths.contains("/deferred-credential"))

        let later = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, deferral: .seconds(3600))
        var options = ReceiveOptions()
        options.deferredWait = .zero
        let pending = try await harness.holderWallet.receive(offer: later.uri, options: options, client: harness.client)
        #expect(pending.stored.isEmpty && pending.pending.count == 1 && pending.pending.first?.configurationId == "identity_sd_jwt")
        #expect(try await harness.holderWallet.credentials().count == 1)
    }
}

/// The user's browser in the authorization code flow: asks the issuer's authorization endpoint,
/// then follows its redirect to the wallet's loopback listener (optionally tampering with it).
enum IssuanceBrowser {
    static func follow(_ url: String, service: CredentialIssuerService, tamper: @Sendable ([(String, String)]) -> [(String, String)] = { $0 }) async {
        guard let question = url.firstIndex(of: "?"), let query = try? FormEncoding.decode(url[url.index(after: question)...]) else { return }
        let answer = await service.authorize(query: query)
        guard answer.status == 302, let location = answer.header("Location"), let split = location.firstIndex(of: "?"),
              let redirect = try? FormEncoding.decode(location[location.index(after: split)...]) else { return }
        let target = String(location[..<split]) + "?" + FormEncoding.encode(tamper(redirect))
        guard let port = target.dropFirst("http://127.0.0.1:".count).split(separator: "/").first else { return }
        var configuration = GuardedHTTPConfiguration()
        configuration.allowedHosts = [try! AllowedHost(parsing: "127.0.0.1:\(port)")]
        _ = try? await GuardedHTTPClient(configuration: configuration).get(target)
    }
}

/// The authorization server's metadata: RFC 8414 first, OpenID Connect Discovery when that is
/// missing, and its `issuer` checked either way.
@Suite("OpenID4VCI: authorization server metadata")
struct IssuanceAuthorizationServerTests {
    @Test("No RFC 8414 document (404): the OpenID Connect Discovery one is used")
    func openIDDiscoveryFallback() async throws {
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            request.path == "/.well-known/oauth-authorization-server" ? .notFound : response
        })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        #expect(result.stored.count == 1)
        #expect(harness.paths.prefix(3) == ["/.well-known/openid-credential-issuer", "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"])
    }

    @Test("An authorization server document naming another issuer (RFC 8414 §3.3): issuerMismatch, no token request")
    func authorizationServerIssuerMismatch() async throws {
        let harness = try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/.well-known/oauth-authorization-server", var object = try? JSONValue(parsing: response.body).objectValue else { return response }
            object["issuer"] = "https://evil.example"
            return .json(JSONValue.object(object).compactString)
        })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        await #expect(throws: OpenID4VCError(.issuerMismatch, "")) { try await harness.holderWallet.receive(offer: offer.uri, client: harness.client) }
        #expect(!harness.paths.contains("/token"))
        #expect(try await harness.holderWallet.credentials().isEmpty)
    }
}

/// An issuer whose DID is a did:web: the holder resolves it through the same guarded client.
@Suite("OpenID4VCI: did:web issuer")
struct IssuanceWebIssuerTests {
    @Test("A did:web issuer's credential is verified with its document fetched through the holder's client, then stored")
    func webIssuer() async throws {
        let harness = try await IssuanceHarness.make(webIssuer: true)
        defer { Task { await harness.stop() } }
        #expect(harness.issuerDID.hasPrefix("did:web:issuer.test%3A"))
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt", "degree_ldp"], claims: IssuanceHarness.claims)
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        #expect(result.stored.count == 2 && result.stored.allSatisfy { $0.issuer == harness.issuerDID })
        #expect(harness.paths.contains("/.well-known/did.json"))
        // Offline (no client for did:web), the same credential could not be verified: the fetch is what made it.
        let firstId = try #require(result.stored.first?.id)
        let raw = try #require(try await harness.holderWallet.credential(firstId).raw)
        #expect(!(await Verifier().verify(raw).verified))
    }
}

/// An issuer identifier with a path (`https://host:port/tenant`): every well-known URL is made by
/// inserting before the path (§12.2.2, RFC 8414 §3.1), every endpoint is under it.
@Suite("OpenID4VCI: an issuer identifier with a path")
struct IssuanceTenantPathTests {
    @Test("Metadata at /.well-known/openid-credential-issuer/tenant, endpoints under /tenant, offer by reference under /tenant/offers/")
    func tenant() async throws {
        let harness = try await IssuanceHarness.make(change: { $0.credentialIssuer += "/tenant" })
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims, byReference: true)
        let result = try await harness.holderWallet.receive(offer: offer.uri, client: harness.client)
        #expect(result.stored.count == 1 && result.credentialIssuer.hasSuffix("/tenant"))
        let paths = harness.paths
        #expect(paths.count == 6 && paths[0].hasPrefix("/tenant/offers/"))
        #expect(Array(paths.dropFirst()) == ["/.well-known/openid-credential-issuer/tenant", "/.well-known/oauth-authorization-server/tenant",
                                             "/tenant/token", "/tenant/nonce", "/tenant/credential"])
    }
}
