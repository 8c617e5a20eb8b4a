import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// The OpenID4VCI messages alone: offers and their links, metadata and its well-known URLs, key
/// proofs, form encoding and the in-memory state store.
@Suite("OpenID4VCI: messages")
struct IssuanceMessageTests {
    /// The spec's by-value example (§4.1.2), line breaks removed.
    static let specLink = "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22:%22https://credential-issuer.example.com%22,%22credential_configuration_ids%22:%5B%22org.iso.18013.5.1.mDL%22%5D,%22grants%22:%7B%22urn:ietf:params:oauth:grant-type:pre-authorized_code%22:%7B%22pre-authorized_code%22:%22oaKazRN8I0IbtZ0C7JuMn5%22,%22tx_code%22:%7B%22input_mode%22:%22text%22,%22description%22:%22Please%20enter%20the%20serial%20number%20of%20your%20physical%20drivers%20license%22%7D%7D%7D%7D"

    @Test("The spec's by-value link parses: issuer, configuration, pre-authorized code, tx_code (text, with guidance)")
    func specOfferByValue() throws {
        guard case .value(let offer) = try CredentialOfferLink(parsing: Self.specLink).source else { Issue.record("not by value"); return }
        #expect(offer.credentialIssuer == "https://credential-issuer.example.com")
        #expect(offer.credentialConfigurationIds == ["org.iso.18013.5.1.mDL"])
        #expect(offer.preAuthorizedCode?.code == "oaKazRN8I0IbtZ0C7JuMn5")
        #expect(offer.preAuthorizedCode?.transactionCode?.inputMode == "text")
        #expect(offer.preAuthorizedCode?.transactionCode?.description?.hasPrefix("Please enter") == true)
        #expect(!"\(offer.preAuthorizedCode!)".contains("oaKaz"), "the code is redacted from descriptions")
        // Round trip through the offer object.
        let again = try CredentialOffer(json: JSONSerializer().serialize(offer.jsonValue))
        #expect(again.jsonValue == offer.jsonValue)
    }

    @Test("By reference: openid-credential-offer://, haip-vci:// and https:// links, and whitespace around them")
    func byReference() throws {
        for link in ["openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fserver%2Eexample%2Ecom%2Fcredential-offer%2FGkurKxf5T0Y",
                     "haip-vci://?credential_offer_uri=https%3A%2F%2Fserver.example.com%2Fcredential-offer%2FGkurKxf5T0Y",
                     "  https://wallet.example/offer?credential_offer_uri=https%3A%2F%2Fserver.example.com%2Fcredential-offer%2FGkurKxf5T0Y\n"] {
            guard case .reference(let url) = try CredentialOfferLink(parsing: link).source else { Issue.record("not by reference"); return }
            #expect(url == "https://server.example.com/credential-offer/GkurKxf5T0Y")
        }
    }

    @Test("Refused links and offers: both parameters, neither, a repeated one, an http offer URI, a bad issuer, empty or repeated ids, long tx_code guidance", arguments: [
        "openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa.example%2Fo",
        "openid-credential-offer://?foo=bar",
        "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example%2Fo&credential_offer_uri=https%3A%2F%2Fb.example%2Fo",
        "openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fa.example%2Fo",
        #"{"credential_issuer":"http://issuer.example","credential_configuration_ids":["a"]}"#,
        #"{"credential_issuer":"https://issuer.example?x=1","credential_configuration_ids":["a"]}"#,
        #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":[]}"#,
        #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":["a","a"]}"#,
        #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":["a"],"credential_issuer":"https://other.example"}"#,
        #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{}}}"#,
        #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{"input_mode":"emoji"}}}}"#,
        "not an offer",
    ])
    func refused(_ text: String) {
        #expect(throws: OpenID4VCError.self) { try CredentialOfferLink(parsing: text) }
    }

    @Test("Unknown members are ignored (§4.1.1); the description is bounded to 300 characters")
    func unknownMembers() throws {
        let text = #"{"credential_issuer":"https://issuer.example","credential_configuration_ids":["a"],"x-extra":{"deep":[1,2]},"grants":{"authorization_code":{"issuer_state":"s","y":1}}}"#
        guard case .value(let offer) = try CredentialOfferLink(parsing: text).source else { return }
        #expect(offer.authorizationCode?.issuerState == "s" && offer.preAuthorizedCode == nil)
        let long = String(repeating: "x", count: 301)
        #expect(throws: OpenID4VCError(.invalidMessage, "")) {
            try CredentialOffer(json: Array(#"{"credential_issuer":"https://i.example","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{"description":"\#(long)"}}}}"#.utf8))
        }
    }

    @Test("Well-known URLs: inserted between host and path (§12.2.2, RFC 8414 §3.1), appended for OpenID Connect")
    func wellKnown() throws {
        #expect(try CredentialIssuerMetadata.wellKnownURL(for: "https://issuer.example.com/tenant") == "https://issuer.example.com/.well-known/openid-credential-issuer/tenant")
        #expect(try CredentialIssuerMetadata.wellKnownURL(for: "https://tenant.issuer.example.com") == "https://tenant.issuer.example.com/.well-known/openid-credential-issuer")
        #expect(try CredentialIssuerMetadata.wellKnownURL(for: "https://issuer.example.com:8443/") == "https://issuer.example.com:8443/.well-known/openid-credential-issuer")
        #expect(try AuthorizationServerMetadata.wellKnownURLs(for: "https://as.example/t1") == [
            "https://as.example/.well-known/oauth-authorization-server/t1", "https://as.example/t1/.well-known/openid-configuration",
        ])
        #expect(throws: OpenID4VCError.self) { try CredentialIssuerMetadata.wellKnownURL(for: "http://issuer.example") }
    }

    @Test("Metadata: the spec's SD-JWT VC configuration reads; credential_issuer must be the identifier asked for")
    func metadata() throws {
        let text = #"""
        {"credential_issuer":"https://issuer.example","credential_endpoint":"https://issuer.example/credential","nonce_endpoint":"https://issuer.example/nonce",
         "display":[{"name":"Example","locale":"en-US"}],
         "credential_configurations_supported":{"SD_JWT_VC_example_in_OpenID4VCI":{"format":"dc+sd-jwt","scope":"SD_JWT_VC_example_in_OpenID4VCI",
           "cryptographic_binding_methods_supported":["jwk"],"credential_signing_alg_values_supported":["ES256"],
           "proof_types_supported":{"jwt":{"proof_signing_alg_values_supported":["ES256"]}},"vct":"SD_JWT_VC_example_in_OpenID4VCI",
           "credential_metadata":{"display":[{"name":"IdentityCredential","locale":"en-US"}]}}}}
        """#
        let metadata = try CredentialIssuerMetadata(json: Array(text.utf8), expectedIssuer: "https://issuer.example")
        let configuration = try #require(metadata.configuration("SD_JWT_VC_example_in_OpenID4VCI"))
        #expect(configuration.format == "dc+sd-jwt" && configuration.vct == "SD_JWT_VC_example_in_OpenID4VCI")
        #expect(configuration.proofSigningAlgorithms == ["ES256"] && configuration.bindingMethods == ["jwk"])
        #expect(configuration.display.first?["name"] == "IdentityCredential" && metadata.nonceEndpoint == "https://issuer.example/nonce")
        #expect(throws: OpenID4VCError(.issuerMismatch, "")) { try CredentialIssuerMetadata(json: Array(text.utf8), expectedIssuer: "https://issuer.example/") }
        let plain = text.replacingOccurrences(of: "https://issuer.example/credential", with: "http://issuer.example/credential")
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try CredentialIssuerMetadata(json: Array(plain.utf8), expectedIssuer: "https://issuer.example") }
    }

    @Test("Form encoding: round trip of any text; repeated names and bad escapes refused")
    func forms() throws {
        let pairs = [("a b", "c&d=e"), ("ü", "%+/"), ("empty", "")]
        let decoded = try FormEncoding.decode(FormEncoding.encode(pairs))
        #expect(decoded.map(\.0) == pairs.map(\.0) && decoded.map(\.1) == pairs.map(\.1))
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try FormEncoding.decode("a=1&a=2") }
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try FormEncoding.decode("a=%G1") }
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try FormEncoding.decode("a=%FF") }
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try FormEncoding.decode((0...64).map { "k\($0)=v" }.joined(separator: "&")) }
    }

    @Test("The in-memory store: take is single use, a zero lifetime is already expired, the record count is bounded")
    func stateStore() async throws {
        let store = InMemoryIssuanceStateStore(maximumRecords: 2)
        try await store.put(.nonce, key: "n1", value: true, lifetime: .seconds(60))
        #expect(try await store.read(.nonce, key: "n1") == true)
        #expect(try await store.read(.accessToken, key: "n1") == nil, "kinds are separate")
        #expect(try await store.take(.nonce, key: "n1") == true)
        #expect(try await store.take(.nonce, key: "n1") == nil)
        try await store.put(.nonce, key: "gone", value: true, lifetime: .zero)
        #expect(try await store.take(.nonce, key: "gone") == nil)
        try await store.put(.nonce, key: "a", value: 1, lifetime: .seconds(60))
        try await store.put(.nonce, key: "b", value: 2, lifetime: .seconds(60))
        await #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try await store.put(.nonce, key: "c", value: 3, lifetime: .seconds(60)) }
    }

    @Test("Concurrent takes of one nonce: exactly one wins")
    func concurrentTake() async throws {
        let store = InMemoryIssuanceStateStore()
        try await store.put(.nonce, key: "race", value: true, lifetime: .seconds(60))
        let winners = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { (try? await store.take(.nonce, key: "race")) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }
}
