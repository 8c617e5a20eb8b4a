import Crypto
import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto
import X509

/// SD-JWT VCs whose `iss` is an HTTPS URL and whose key comes from `x5c` (SD-JWT VC, HAIP):
/// verified when the chain leads to a configured anchor and the leaf names `iss`; each attack
/// refused with its code, beside the control that passes.
@Suite struct X509SDJWTVerificationTests {
    let root = X509TestPKI.root()
    let intermediate: X509TestPKI.Issued
    let leaf: X509TestPKI.Issued

    init() {
        intermediate = X509TestPKI.intermediate(under: root)
        leaf = X509TestPKI.leaf(under: intermediate)
    }

    func verifier(anchors: [X509TestPKI.Issued]?, now: Date = X509TestPKI.now) -> VerifiableCredentials.Verifier {
        var policy = VerificationPolicy()
        policy.now = { now }
        var verifier = VerifiableCredentials.Verifier(policy: policy)
        verifier.sdJWTIssuerKeys = HTTPSIssuerKeyResolver(anchors: anchors.map { X509TrustAnchors(certificates: $0.map(\.certificate)) })
        return verifier
    }

    func issue(iss: String = "https://issuer.example", chain: [X509TestPKI.Issued]? = nil, key: Crypto.P256.Signing.PrivateKey? = nil,
               holder: (any Signer)? = nil) async throws -> String {
        let chain = chain ?? [leaf, intermediate]
        return try await X509TestSDJWT.issue(iss: iss, header: ["x5c": X509TestSDJWT.x5c(chain)],
                                             signer: try X509TestSDJWT.signer(key ?? leaf.p256Key!), holder: holder)
    }

    static func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    @Test func dnsNameBindsTheIssuersHost() async throws {
        let report = await verifier(anchors: [root]).verify(try await issue(iss: "https://issuer.example"))
        #expect(report.verified, "\(report.errors)")
        #expect(report.issuer == "https://issuer.example")
        #expect(report.verificationMethod == "x5c")
        #expect(report.checks.contains { $0.name == .verificationMethodResolve && $0.passed })
        #expect(report.document?["given_name"] == "Erika")
    }

    @Test func uriNameBindsTheIssuer() async throws {
        let report = await verifier(anchors: [root]).verify(try await issue(iss: "https://issuer.example/tenant"))
        #expect(report.verified, "\(report.errors)")
        // The host is issuer.example too: the DNS name binds any path of it.
        for iss in ["https://issuer.example/other", "https://issuer.example:8443/tenant", "https://Issuer.Example"] {
            let other = await verifier(anchors: [root]).verify(try await issue(iss: iss))
            #expect(other.verified, "\(iss): \(other.errors)")
        }
    }

    @Test func presentationWithKeyBindingVerifies() async throws {
        let holder = try X509TestSDJWT.holder()
        let credential = try await issue(holder: holder)
        let presented = try await SDJWT.present(credential, disclose: ["given_name"], audience: "x509_hash:abc", nonce: "n-0S6",
                                                holder: holder, issuedAt: X509TestPKI.now)
        var verifier = self.verifier(anchors: [root])
        verifier.policy.expectedChallenge = "n-0S6"
        verifier.policy.expectedDomain = "x509_hash:abc"
        let report = await verifier.verify(presented)
        #expect(report.verified, "\(report.errors)")
        #expect(report.kind == .presentation)
        #expect(report.document?["given_name"] == "Erika" && report.document?["family_name"] == nil)
        verifier.policy.expectedChallenge = "another nonce"
        #expect(Self.codes(await verifier.verify(presented)) == ["challengeMismatch"])
    }

    @Test func chainToAnUntrustedRootIsRefused() async throws {
        let report = await verifier(anchors: [X509TestPKI.root()]).verify(try await issue())
        #expect(Self.codes(report) == ["untrustedCertificate"])
        #expect(report.outcome == .invalid)
    }

    @Test func expiredLeafIsRefused() async throws {
        let end = Date(timeIntervalSince1970: 1_790_000_000)
        let shortLived = X509TestPKI.leaf(under: intermediate, notAfter: end)
        let credential = try await issue(chain: [shortLived, intermediate], key: shortLived.p256Key!)
        #expect(await verifier(anchors: [root]).verify(credential).verified)
        #expect(Self.codes(await verifier(anchors: [root], now: end.addingTimeInterval(86_400)).verify(credential)) == ["untrustedCertificate"])
    }

    @Test(arguments: ["https://attacker.example", "https://issuer.example.attacker.example", "https://attacker.example/issuer.example",
                      "http://issuer.example", "issuer.example", "https://ISSUER.example.", "https://user@issuer.example"])
    func leafThatDoesNotNameTheIssuerIsRefused(iss: String) async throws {
        let report = await verifier(anchors: [root]).verify(try await issue(iss: iss))
        #expect(Self.codes(report) == ["issuerNotBound"], "\(iss)")
    }

    @Test func signatureByAnotherKeyIsRefused() async throws {
        let report = await verifier(anchors: [root]).verify(try await issue(key: Crypto.P256.Signing.PrivateKey()))
        #expect(Self.codes(report) == ["invalidSignature"])
    }

    @Test func algorithmNotTheLeafKeysIsRefused() async throws {
        // The leaf holds a P-384 key; the JWT says ES256 and is signed with a P-256 key.
        let p384Leaf = X509TestPKI.leaf(under: intermediate, key: Certificate.PrivateKey(Crypto.P384.Signing.PrivateKey()))
        let report = await verifier(anchors: [root]).verify(try await issue(chain: [p384Leaf, intermediate], key: leaf.p256Key!))
        #expect(Self.codes(report) == ["algorithmKeyMismatch"])
    }

    @Test func x5cOfADIDIssuerIsRefused() async throws {
        let report = await verifier(anchors: [root]).verify(try await issue(iss: "did:web:issuer.example"))
        #expect(Self.codes(report) == ["forbiddenHeader"])
    }

    @Test func withoutAResolverX5CIsRefusedAsBefore() async throws {
        var policy = VerificationPolicy()
        policy.now = { X509TestPKI.now }
        let report = await VerifiableCredentials.Verifier(policy: policy).verify(try await issue())
        #expect(Self.codes(report) == ["forbiddenHeader"])
    }

    @Test func withoutAnchorsTheKeyIsUnavailable() async throws {
        let report = await verifier(anchors: nil).verify(try await issue())
        #expect(Self.codes(report) == ["issuerKeyUnavailable"])
        #expect(report.outcome == .couldNotCheck)
    }

    @Test func x5cThatIsNotAnArrayOfStringsIsMalformed() async throws {
        for value: JSONValue in [.string(leaf.x5c), .array([.number(JSONNumber(1))])] {
            let credential = try await X509TestSDJWT.issue(iss: "https://issuer.example", header: ["x5c": value],
                                                           signer: try X509TestSDJWT.signer(leaf.p256Key!), holder: nil)
            #expect(Self.codes(await verifier(anchors: [root]).verify(credential)) == ["malformedJWS"])
        }
    }
}
