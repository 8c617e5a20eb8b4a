import Crypto
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCore
import X509

/// A HAIP-style issuer: the credential endpoint answers an SD-JWT VC whose `iss` is the issuer's
/// https origin, signed under an `x5c` chain, bound to the key the wallet proved. `Wallet.receive`
/// stores it when its verifier has the anchors (`HTTPSIssuerKeyResolver`), and refuses it,
/// storing nothing, under another anchor.
@Suite struct X509ReceiveTests {
    /// The chain around the real clock: `receive` verifies as of now.
    static func chain() -> (root: X509TestPKI.Issued, intermediate: X509TestPKI.Issued, leaf: X509TestPKI.Issued) {
        let notBefore = Date().addingTimeInterval(-3600), notAfter = Date().addingTimeInterval(86_400)
        let root = X509TestPKI.root(notBefore: notBefore, notAfter: notAfter)
        let intermediate = X509TestPKI.issue("x5c test intermediate", by: root, isCA: true, keyUsage: KeyUsage(keyCertSign: true),
                                             notBefore: notBefore, notAfter: notAfter)
        let leaf = X509TestPKI.issue("issuer.test", by: intermediate, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                     dnsNames: ["issuer.test"], notBefore: notBefore, notAfter: notAfter)
        return (root, intermediate, leaf)
    }

    /// Replaces the issued SD-JWT VC by one the `x5c` leaf signs for `iss`, keeping its `cnf` and `vct`.
    static func harness(_ chain: (root: X509TestPKI.Issued, intermediate: X509TestPKI.Issued, leaf: X509TestPKI.Issued)) async throws -> IssuanceHarness {
        try await IssuanceHarness.make(intercept: { request, response in
            guard request.path == "/credential", let object = try? JSONValue(parsing: response.body),
                  let text = object["credentials"]?[0]?["credential"]?.stringValue, let parts = try? SDJWT.Parts(parsing: text),
                  let jws = try? CompactJWS(parsing: parts.issuerJWT), let payload = try? JSONValue(parsing: jws.payload),
                  let cnf = payload["cnf"], let vct = payload["vct"], let host = request.header("host"),
                  let signer = try? X509TestSDJWT.signer(chain.leaf.p256Key!) else { return response }
            // The service signed with its DID; the HAIP issuer is its https origin (Host: issuer.test:PORT).
            let origin = "https://\(host)"
            guard let credential = try? await X509TestSDJWT.issue(
                iss: origin, header: ["x5c": X509TestSDJWT.x5c([chain.leaf, chain.intermediate])], signer: signer, holder: nil,
                issuedAt: Date(), payloadExtras: ["cnf": cnf, "vct": vct]) else { return response }
            let body: JSONValue = ["credentials": [["credential": .string(credential)]]]
            return .json(body.compactString)
        })
    }

    static func options(anchors: [X509TestPKI.Issued]) -> ReceiveOptions {
        var verifier = VerifiableCredentials.Verifier()
        verifier.sdJWTIssuerKeys = HTTPSIssuerKeyResolver(anchors: X509TrustAnchors(certificates: anchors.map(\.certificate)))
        var options = ReceiveOptions()
        options.verifier = verifier
        return options
    }

    @Test func anX5CCredentialIsVerifiedBoundAndStored() async throws {
        let chain = Self.chain()
        let harness = try await Self.harness(chain)
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let result = try await harness.holderWallet.receive(offer: offer.uri, options: Self.options(anchors: [chain.root]), client: harness.client)
        let stored = try #require(result.stored.first)
        #expect(result.stored.count == 1)
        #expect(stored.issuer == harness.server.origin(host: "issuer.test"), "\(stored.issuer)")
        #expect(try await harness.holderWallet.credentials().count == 1)
    }

    @Test func underAnotherAnchorNothingIsStored() async throws {
        let chain = Self.chain()
        let harness = try await Self.harness(chain)
        defer { Task { await harness.stop() } }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        try await IssuanceAttackTests.expectRefused(.credentialNotVerified, harness, offer: offer.uri,
                                                    options: Self.options(anchors: [Self.chain().root]))
    }
}
