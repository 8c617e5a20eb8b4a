import Crypto
import DIDCore
import Foundation
import OpenID4VC
import Testing
import WalletCrypto
import X509

/// `X509ChainValidator` over chains made in the test: what a valid chain yields, and each way a
/// chain is refused, beside a control that differs in that one respect and passes.
@Suite struct X509ChainValidatorTests {
    let root = X509TestPKI.root()

    func validator(_ anchors: X509TestPKI.Issued...) -> X509ChainValidator {
        X509ChainValidator(anchors: X509TrustAnchors(certificates: anchors.map(\.certificate)))
    }

    @Test func validChainYieldsTheLeafsKeyNamesAndHash() async throws {
        let intermediate = X509TestPKI.intermediate(under: root)
        let leaf = X509TestPKI.leaf(under: intermediate)
        let validated = try await validator(root).validate(x5c: [leaf.x5c, intermediate.x5c], at: X509TestPKI.now)
        let expectedKey = try WalletCrypto.P256.PublicKey(uncompressedRepresentation: leaf.p256Key!.publicKey.x963Representation)
        #expect(validated.publicKey == .p256(expectedKey))
        #expect(validated.publicKey.algorithm == .es256)
        #expect(validated.dnsNames == ["issuer.example"])
        #expect(validated.uris == ["https://issuer.example/tenant"])
        #expect(validated.derSHA256 == Array(Crypto.SHA256.hash(data: leaf.der)))
        #expect(validated.certificate == leaf.certificate)
        // The anchor may be sent too.
        let withRoot = try await validator(root).validate(x5c: [leaf.x5c, intermediate.x5c, root.x5c], at: X509TestPKI.now)
        #expect(withRoot.certificate == leaf.certificate)
    }

    @Test func leafSignedByTheAnchorDirectly() async throws {
        let leaf = X509TestPKI.leaf(under: root)
        let validated = try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        #expect(validated.dnsNames == ["issuer.example"])
    }

    @Test func p384LeafYieldsAnES384Key() async throws {
        let p384 = Crypto.P384.Signing.PrivateKey()
        let leaf = X509TestPKI.leaf(under: root, key: Certificate.PrivateKey(p384))
        let validated = try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        #expect(validated.publicKey.algorithm == .es384)
        #expect(validated.publicKey == .p384(try WalletCrypto.P384.PublicKey(uncompressedRepresentation: p384.publicKey.x963Representation)))
    }

    @Test func chainToAnotherRootIsUntrusted() async throws {
        let intermediate = X509TestPKI.intermediate(under: root)
        let leaf = X509TestPKI.leaf(under: intermediate)
        let otherRoot = X509TestPKI.root("x5c test root")   // the same name, another key
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(otherRoot).validate(x5c: [leaf.x5c, intermediate.x5c, root.x5c], at: X509TestPKI.now)
        }
        // Sending the root in x5c does not make it an anchor.
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await X509ChainValidator(anchors: X509TrustAnchors(certificates: [])).validate(x5c: [leaf.x5c, intermediate.x5c, root.x5c], at: X509TestPKI.now)
        }
    }

    @Test func forgedLeafSignatureIsUntrusted() async throws {
        let intermediate = X509TestPKI.intermediate(under: root)
        let attacker = Certificate.PrivateKey(Crypto.P256.Signing.PrivateKey())
        let forged = X509TestPKI.issue("issuer.example", by: intermediate, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                       dnsNames: ["issuer.example"], signingKey: attacker)
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [forged.x5c, intermediate.x5c], at: X509TestPKI.now)
        }
    }

    @Test func expiredLeafIsUntrustedAtThatTimeOnly() async throws {
        let leafEnd = Date(timeIntervalSince1970: 1_790_000_000)   // 2026-09-21, before the CA's end
        let leaf = X509TestPKI.leaf(under: root, notAfter: leafEnd)
        _ = try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [leaf.x5c], at: leafEnd.addingTimeInterval(86_400))
        }
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.notBefore.addingTimeInterval(-86_400))
        }
    }

    @Test func intermediateThatIsNotACAIsUntrusted() async throws {
        let notCA = X509TestPKI.intermediate(under: root, isCA: false)
        let leaf = X509TestPKI.leaf(under: notCA)
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [leaf.x5c, notCA.x5c], at: X509TestPKI.now)
        }
    }

    @Test func intermediateWithoutKeyCertSignIsUntrusted() async throws {
        let intermediate = X509TestPKI.intermediate(under: root, keyUsage: KeyUsage(digitalSignature: true))
        let leaf = X509TestPKI.leaf(under: intermediate)
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [leaf.x5c, intermediate.x5c], at: X509TestPKI.now)
        }
        // Without a key usage extension, RFC 5280 has nothing to check.
        let unrestricted = X509TestPKI.intermediate(under: root, keyUsage: nil)
        let leaf2 = X509TestPKI.leaf(under: unrestricted)
        _ = try await validator(root).validate(x5c: [leaf2.x5c, unrestricted.x5c], at: X509TestPKI.now)
    }

    @Test func leafWithoutDigitalSignatureIsUntrusted() async throws {
        let leaf = X509TestPKI.leaf(under: root, keyUsage: KeyUsage(keyAgreement: true))
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        }
    }

    @Test func ed25519LeafIsRefused() async throws {
        let leaf = X509TestPKI.leaf(under: root, key: Certificate.PrivateKey(Curve25519.Signing.PrivateKey()))
        await #expect(throws: OpenID4VCError(.invalidCertificate, "")) {
            try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        }
    }

    @Test func oversizedChainsAreRefusedBeforeDecoding() async throws {
        let leaf = X509TestPKI.leaf(under: root)
        let tooLong = [String](repeating: leaf.x5c, count: X509ChainValidator.maximumChainLength + 1)
        await #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try await validator(root).validate(x5c: tooLong, at: X509TestPKI.now) }
        let huge = String(repeating: "A", count: (X509ChainValidator.maximumCertificateBytes + 2) / 3 * 4 + 4)
        await #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try await validator(root).validate(x5c: [huge], at: X509TestPKI.now) }
        // The longest accepted chain still validates (the leaf repeated is skipped in path building).
        let longest = [String](repeating: leaf.x5c, count: X509ChainValidator.maximumChainLength)
        _ = try await validator(root).validate(x5c: longest, at: X509TestPKI.now)
    }

    @Test(arguments: [
        [],                                    // no leaf
        ["not base64!"],                       // outside the alphabet
        ["MIIB-_"],                            // base64url, not base64
        ["AAAA"],                              // base64 of bytes that are not DER
        ["MIIBIjAN"],                          // the start of a DER SEQUENCE, cut short
    ])
    func garbageIsAnInvalidCertificate(x5c: [String]) async {
        await #expect(throws: OpenID4VCError(.invalidCertificate, "")) { try await validator(root).validate(x5c: x5c, at: X509TestPKI.now) }
    }

    @Test func unpaddedBase64IsRefused() async throws {
        // A DER length that is not a multiple of 3 has padding: ECDSA signatures vary in length,
        // so a few leaves are made until one has (each does with probability 2/3).
        let leaf = try #require((0..<32).lazy.map { _ in X509TestPKI.leaf(under: root) }.first { $0.x5c.hasSuffix("=") })
        _ = try await validator(root).validate(x5c: [leaf.x5c], at: X509TestPKI.now)
        let unpadded = String(leaf.x5c.prefix { $0 != "=" })
        await #expect(throws: OpenID4VCError(.invalidCertificate, "")) { try await validator(root).validate(x5c: [unpadded], at: X509TestPKI.now) }
    }

    @Test func trustAnchorsFromPEM() throws {
        let other = X509TestPKI.root("another root")
        let anchors = try X509TrustAnchors(pem: root.pem + "\n" + other.pem)
        #expect(anchors.certificates == [root.certificate, other.certificate])
        #expect(throws: OpenID4VCError(.invalidCertificate, "")) { try X509TrustAnchors(pem: "no PEM here") }
        #expect(throws: OpenID4VCError(.invalidCertificate, "")) {
            try X509TrustAnchors(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        }
        #expect(throws: OpenID4VCError(.invalidCertificate, "")) {
            try X509TrustAnchors(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        }
    }
}
