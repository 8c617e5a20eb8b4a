import Crypto
import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import TestSupport
import VerifiableCredentials
import WalletCrypto
import X509

/// An SD-JWT VC signed under an `x5c` chain, and its presentation with a KB-JWT, as this library
/// makes them — the files Fixtures/interop/check_openid4vc.py verified independently (Python
/// `cryptography` for the chain, `sd-jwt` and `joserfc` for the SD-JWT and the KB-JWT). The keys
/// are fixed scalars; `WRITE_INTEROP_FIXTURES=1` writes the files again (ECDSA signatures are
/// randomised, so the bytes change; the script must then be run again).
@Suite("Interop: x5c SD-JWT VC and KB-JWT checked by Python")
struct X509InteropTests {
    static func key(_ byte: UInt8) -> Crypto.P256.Signing.PrivateKey {
        try! Crypto.P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    static let rootKey = key(0x61), intermediateKey = key(0x62), leafKey = key(0x63), holderKey = key(0x64)
    /// Inside the certificates' validity (2026-01-01 to 2036-01-01), the credential's `iat` and the KB-JWT's.
    static let now = Date(timeIntervalSince1970: 1_785_542_400)   // 2026-08-01
    static let issuer = "https://issuer.example"
    static let nonce = "n-openid4vc-interop"
    static let audience = "x509_san_dns:verifier.example"
    static let files = (root: "interop/openid4vc-x5c-root.pem", presentation: "interop/swift-did-wallet-x5c-sd-jwt-kb.txt")

    /// Writes the chain and the presentation (only with `WRITE_INTEROP_FIXTURES=1`).
    @Test func writeWhenAsked() async throws {
        guard ProcessInfo.processInfo.environment["WRITE_INTEROP_FIXTURES"] != nil else { return }
        let notBefore = X509TestPKI.notBefore, notAfter = Date(timeIntervalSince1970: 2_082_758_400)   // 2036-01-01
        let root = X509TestPKI.root("swift-did-wallet interop root", notBefore: notBefore, notAfter: notAfter, key: Self.rootKey)
        let intermediate = X509TestPKI.issue("swift-did-wallet interop intermediate", by: root, isCA: true,
                                             keyUsage: KeyUsage(keyCertSign: true, cRLSign: true), notBefore: notBefore, notAfter: notAfter,
                                             p256Key: Self.intermediateKey)
        let leaf = X509TestPKI.issue("issuer.example", by: intermediate, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                     dnsNames: ["issuer.example"], notBefore: notBefore, notAfter: notAfter, p256Key: Self.leafKey)
        let holder = try X509TestSDJWT.signer(Self.holderKey)
        let credential = try await X509TestSDJWT.issue(iss: Self.issuer, header: ["x5c": X509TestSDJWT.x5c([leaf, intermediate])],
                                                       signer: try X509TestSDJWT.signer(Self.leafKey), holder: holder, issuedAt: Self.now)
        let presentation = try await SDJWT.present(credential, disclose: ["given_name"], audience: Self.audience, nonce: Self.nonce,
                                                   holder: holder, issuedAt: Self.now)
        try Data(root.pem.utf8).write(to: Fixtures.url(Self.files.root))
        try Data((presentation + "\n").utf8).write(to: Fixtures.url(Self.files.presentation))
    }

    func verifier(anchors pem: String) throws -> VerifiableCredentials.Verifier {
        var policy = VerificationPolicy()
        policy.now = { Self.now }
        policy.expectedChallenge = Self.nonce
        policy.expectedDomain = Self.audience
        var verifier = VerifiableCredentials.Verifier(policy: policy)
        verifier.sdJWTIssuerKeys = HTTPSIssuerKeyResolver(anchors: try X509TrustAnchors(pem: pem))
        return verifier
    }

    @Test("The committed presentation, which the script verified, is ours and verifies here")
    func oursVerifiedByPython() async throws {
        let pem = try Fixtures.text(Self.files.root)
        let presentation = try Fixtures.text(Self.files.presentation).trimmingCharacters(in: .whitespacesAndNewlines)
        // The committed root is the certificate of the fixed root scalar, the holder the fixed holder key.
        let root = try #require(try X509TrustAnchors(pem: pem).certificates.first)
        #expect(root.publicKey == Certificate.PublicKey(Self.rootKey.publicKey))
        let report = try await verifier(anchors: pem).verify(presentation)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.issuer == Self.issuer && report.kind == .presentation && report.verificationMethod == "x5c")
        #expect(report.document?["given_name"] == "Erika" && report.document?["family_name"] == nil)
        let cnf = try #require(report.document?["cnf"]?["jwk"])
        #expect(try DIDCore.JWK(json: cnf).publicSigningKey()
                == .p256(try WalletCrypto.P256.PublicKey(uncompressedRepresentation: Self.holderKey.publicKey.x963Representation)))
        // Another root: the same presentation is refused.
        let other = try await verifier(anchors: X509TestPKI.root().pem).verify(presentation)
        #expect(other.errors.map(\.code) == [.untrustedCertificate])
    }
}
