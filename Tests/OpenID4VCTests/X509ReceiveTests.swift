import Crypto
import Foundation
import OpenID4VC
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import X509

/// A HAIP-style issuer: the credential endpoint answers an SD-JWT VC whose `iss` is the issuer's
/// https origin, signed under an `x5c` chain, bound to the key the wallet proved. `Wallet.receive`
/// stores it when its verifier has the anchors (`HTTPSIssuerKeyResolver`), and refuses it,
/// storing nothing, under another anchor.
@Suite struct X509ReceiveTests {
    /// A root and an intermediate around the real clock: `receive` verifies as of now.
    static func chain() -> (root: X509TestPKI.Issued, intermediate: X509TestPKI.Issued) {
        let root = X509TestPKI.root(notBefore: validity.notBefore, notAfter: validity.notAfter)
        let intermediate = X509TestPKI.issue("x5c test intermediate", by: root, isCA: true, keyUsage: KeyUsage(keyCertSign: true),
                                             notBefore: validity.notBefore, notAfter: validity.notAfter)
        return (root, intermediate)
    }

    static var validity: (notBefore: Date, notAfter: Date) { (Date().addingTimeInterval(-3600), Date().addingTimeInterval(86_400)) }

    /// Replaces the issued SD-JWT VC by one signed for the server's https origin (`iss`) by a leaf
    /// under `chain` that names it (URI SAN; DNS SAN `issuer.test`), keeping its `cnf` and `vct`.
    static func harness(_ chain: (root: X509TestPKI.Issued, intermediate: X509TestPKI.Issued), host: String = "issuer.test") async throws -> IssuanceHarness {
        try await IssuanceHarness.make(host: host, intercept: { request, response in
            guard request.path == "/credential", let object = try? JSONValue(parsing: response.body),
                  let text = object["credentials"]?[0]?["credential"]?.stringValue, let parts = try? SDJWT.Parts(parsing: text),
                  let jws = try? CompactJWS(parsing: parts.issuerJWT), let payload = try? JSONValue(parsing: jws.payload),
                  let cnf = payload["cnf"], let vct = payload["vct"], let authority = request.header("host") else { return response }
            // The service signed with its DID; the HAIP issuer is its https origin (Host: HOST:PORT).
            let origin = "https://\(authority)"
            let leaf = X509TestPKI.issue("issuer", by: chain.intermediate, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                         dnsNames: ["issuer.test"], uris: [origin], notBefore: validity.notBefore, notAfter: validity.notAfter)
            guard let signer = try? X509TestSDJWT.signer(leaf.p256Key!),
                  let credential = try? await X509TestSDJWT.issue(
                      iss: origin, header: ["x5c": X509TestSDJWT.x5c([leaf, chain.intermediate])], signer: signer, holder: nil,
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

/// `wallet receive` (the built binary) from the HAIP-style issuer: `--ca-file` holding the x5c
/// root (beside the TLS test CA) stores the credential; the TLS CA alone refuses it.
@Suite("CLI: wallet receive of an x5c credential")
struct X509ReceiveCLITests {
    @Test func caFileAnchorsTheIssuersChain() async throws {
        let chain = X509ReceiveTests.chain()
        let harness = try await X509ReceiveTests.harness(chain, host: "127.0.0.1")
        defer { Task { await harness.stop() } }
        let tlsCA = try LoopbackPKI.shared.get().caFile
        for (anchored, expected) in [(false, "credentialNotVerified"), (true, "")] {
            let wallet = try await IssuanceCLITests.CLIWallet()
            defer { wallet.directory.remove() }
            let caFile = wallet.directory.appending("anchors.pem")
            let tlsPEM = try String(contentsOfFile: tlsCA, encoding: .utf8)
            try Data((tlsPEM + (anchored ? "\n" + chain.root.pem : "")).utf8).write(to: caFile)
            let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
            let output = try await wallet.run(["receive", offer.uri, "--yes", "--json", "--allow-network",
                                               "--network-allow", "127.0.0.1:\(harness.server.port)", "--ca-file", caFile.path])
            if anchored {
                #expect(output.status == 0, "\(output.stdoutText) \(output.stderr)")
                let result = try JSONValue(parsing: output.stdout)
                #expect(result["stored"]?.arrayValue?.count == 1 && result["stored"]?[0]?["format"] == "dc+sd-jwt", "\(result)")
            } else {
                #expect(output.status != 0 && IssuanceCLITests.error(output) == expected, "\(output.stdoutText) \(output.stderr)")
                #expect(try JSONValue(parsing: try await wallet.run(["vc", "list", "--json"]).stdout)["credentials"]?.arrayValue?.isEmpty == true)
            }
        }
    }
}
