import OpenID4VC
import Testing

/// Plain http in a Credential Issuer Identifier only for a loopback IP literal (decision 0039):
/// the rule `WellKnownURL` applies to identifiers, endpoints and `credential_offer_uri`s alike,
/// seen through the public metadata URL and offer parsers.
@Suite("OpenID4VCI: loopback http identifiers")
struct LoopbackIdentifierTests {
    @Test(arguments: ["http://127.0.0.1", "http://127.0.0.1:8080", "http://127.0.0.2:9/tenant", "http://127.255.255.254:1", "http://[::1]:8080", "http://[::1]"])
    func loopbackTaken(identifier: String) throws {
        let url = try CredentialIssuerMetadata.wellKnownURL(for: identifier)
        #expect(url.hasPrefix("http://") && url.contains("/.well-known/openid-credential-issuer"))
        let offer = try CredentialOffer(json: Array(#"{"credential_issuer":"\#(identifier)","credential_configuration_ids":["a"]}"#.utf8))
        #expect(offer.credentialIssuer == identifier)
    }

    /// Hosts that only look like loopback, or are loopback by name only (RFC 8252 §8.3).
    @Test(arguments: ["http://localhost:8080", "http://127.0.0.1.evil.example", "http://127.0.0.01:80", "http://128.0.0.1",
                      "http://127.0.0.1@evil.example", "http://127.0.0.1:80@evil.example", "http://0x7f.0.0.1", "http://127.1",
                      "http://127.0.0.256", "http://[::2]:80", "http://[::1]evil:80", "http://issuer.example", "http://10.0.0.1"])
    func othersRefused(identifier: String) {
        #expect(throws: OpenID4VCError.self) { try CredentialIssuerMetadata.wellKnownURL(for: identifier) }
    }
}
