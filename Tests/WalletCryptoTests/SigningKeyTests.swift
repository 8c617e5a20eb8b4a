import Foundation
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

@Suite("PublicSigningKey / PrivateSigningKey: one algorithm per key type")
struct SigningKeyTests {
    static let privateKeys: [PrivateSigningKey] = [
        .ed25519(Ed25519.PrivateKey()), .p256(P256.PrivateKey()), .p384(P384.PrivateKey()), .secp256k1(Secp256k1.PrivateKey()),
    ]

    @Test("Each key type has its algorithm and signature length")
    func algorithms() {
        #expect(Self.privateKeys.map(\.algorithm) == [.eddsa, .es256, .es384, .es256k])
        #expect(Self.privateKeys.map(\.publicKey.algorithm.rawValue) == ["EdDSA", "ES256", "ES384", "ES256K"])
        #expect(SignatureAlgorithm.allCases.map(\.signatureLength) == [64, 64, 96, 64])
        #expect(SignatureAlgorithm(rawValue: "ES256") == .es256 && SignatureAlgorithm(rawValue: "es256") == nil)
    }

    @Test("Sign and verify round-trip for every key type; another message or key does not verify")
    func roundTrip() throws {
        let message = Array("the signed bytes".utf8)
        for key in Self.privateKeys {
            let signature = try key.signature(for: message)
            #expect(signature.count == key.algorithm.signatureLength)
            #expect(key.publicKey.isValidSignature(signature, for: message), "\(key.algorithm)")
            try key.publicKey.verify(signature, for: message)
            #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
            #expect(throws: CryptoError(.invalidSignature, "")) { try key.publicKey.verify(signature, for: message + [0]) }
            for other in Self.privateKeys where other.algorithm != key.algorithm {
                #expect(!other.publicKey.isValidSignature(signature, for: message), "\(key.algorithm) by \(other.algorithm)")
            }
        }
    }

    @Test("A signature of the wrong length is refused with invalidSignatureLength")
    func wrongLength() throws {
        for key in Self.privateKeys {
            let signature = try key.signature(for: [1, 2, 3])
            #expect(!key.publicKey.isValidSignature(signature + [0], for: [1, 2, 3]))
            #expect(throws: CryptoError(.invalidSignatureLength, "")) { try key.publicKey.verify(Array(signature.dropLast()), for: [1, 2, 3]) }
        }
    }

    @Test("secp256k1: a high-S twin is refused with signatureNotLowS; P-256 accepts RFC 7515 A.3's high S (decision 0025)")
    func lowS() throws {
        let vector = try Fixtures.json("ecdsa/jose/es256k-generated.json")
        let publicKey = PublicSigningKey.secp256k1(try Secp256k1.PublicKey(compressedRepresentation: hexBytes(vector["publicKeyCompressedHex"]!.stringValue!)))
        let signingInput = Array(vector["signingInput"]!.stringValue!.utf8)
        try publicKey.verify(hexBytes(vector["signatureHex"]!.stringValue!), for: signingInput)
        let highS = hexBytes(vector["variants"]![0]!["signatureHex"]!.stringValue!)
        #expect(!publicKey.isValidSignature(highS, for: signingInput))
        #expect(throws: CryptoError(.signatureNotLowS, "")) { try publicKey.verify(highS, for: signingInput) }

        let rfc = try Fixtures.json("ecdsa/jose/rfc7515-a3-es256.json")
        let jwk = rfc["publicJwk"]!
        let p256 = PublicSigningKey.p256(try P256.PublicKey(x: base64URLBytes(jwk["x"]!.stringValue!), y: base64URLBytes(jwk["y"]!.stringValue!)))
        let signature = hexBytes(rfc["signatureHex"]!.stringValue!)
        #expect(p256.isValidSignature(signature, for: Array(rfc["signingInput"]!.stringValue!.utf8)))
        #expect(!p256.isValidSignature(signature, for: Array(rfc["payloadB64"]!.stringValue!.utf8)))
    }

    @Test("ECDSA signatures made here are low-S")
    func signsLowS() throws {
        for index in 0..<16 {
            let message = [UInt8(index)]
            let p256 = P256.PrivateKey(), p384 = P384.PrivateKey()
            #expect(try P256.Signature(rawRepresentation: PrivateSigningKey.p256(p256).signature(for: message)).isLowS)
            #expect(try P384.Signature(rawRepresentation: PrivateSigningKey.p384(p384).signature(for: message)).isLowS)
        }
    }

    @Test("The compact encoding is the raw Ed25519 key or the compressed SEC 1 point; keys compare by it")
    func compactRepresentation() throws {
        for key in Self.privateKeys {
            let expectedLength = switch key.algorithm { case .eddsa: 32; case .es384: 49; default: 33 }
            #expect(key.publicKey.compactRepresentation.count == expectedLength)
            #expect(key.publicKey == key.publicKey && key.publicKey.hashValue == key.publicKey.hashValue)
        }
        let p256 = P256.PrivateKey().publicKey
        #expect(PublicSigningKey.p256(p256) == .p256(try P256.PublicKey(uncompressedRepresentation: p256.uncompressedRepresentation)))
        #expect(PublicSigningKey.p256(p256) != .p256(P256.PrivateKey().publicKey))
    }

    @Test("A private signing key prints no secret")
    func redacted() throws {
        let secret = [UInt8](repeating: 0x5A, count: 32)
        let keys: [PrivateSigningKey] = [
            .ed25519(try Ed25519.PrivateKey(seedBytes: secret)), .p256(try P256.PrivateKey(scalarBytes: secret)),
            .secp256k1(try Secp256k1.PrivateKey(scalarBytes: secret)),
        ]
        let secretHex = Hex.encode(secret)
        for key in keys {
            var dumped = ""
            dump(key, to: &dumped)
            let text = "\(key) \(String(reflecting: key)) \(dumped)"
            #expect(text.contains("redacted"))
            #expect(!text.lowercased().contains(secretHex))
            #expect(Mirror(reflecting: key).children.isEmpty)
        }
    }
}
