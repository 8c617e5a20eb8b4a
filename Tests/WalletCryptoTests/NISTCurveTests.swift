import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("P-256 and P-384 ECDSA (swift-crypto): Wycheproof, RFC 7515 A.3, vc-di-ecdsa signatures, keys")
struct NISTCurveTests {
    static let wycheproofPath = "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"
    static let wycheproof = WycheproofECDSACase.load(wycheproofPath)

    @Test("Wycheproof P-256 P1363: every case gives its expected result", arguments: wycheproof)
    func wycheproofCase(_ test: WycheproofECDSACase) throws {
        let key = try P256.PublicKey(uncompressedRepresentation: test.publicKey)
        #expect(key.isValidSignature(test.signature, for: test.message) == test.valid)
        if test.signature.count == P256.signatureLength {
            let signature = try P256.Signature(rawRepresentation: test.signature)
            if test.valid {
                try key.verify(signature, for: test.message)
            } else {
                #expect(throws: CryptoError(.invalidSignature, "")) { try key.verify(signature, for: test.message) }
            }
        } else {
            #expect(!test.valid)
        }
    }

    @Test("Wycheproof P-256: all 262 cases read, valid and invalid")
    func wycheproofCount() {
        #expect(Self.wycheproof.count == WycheproofECDSACase.declaredCount(Self.wycheproofPath))
        #expect(Self.wycheproof.count == 262 && Self.wycheproof.filter(\.valid).count == 173)
    }

    @Test("RFC 7515 A.3 (ES256): d gives x and y; the high-S signature verifies; the tampered one does not")
    func rfc7515A3() throws {
        let vector = try Fixtures.json("ecdsa/jose/rfc7515-a3-es256.json")
        let jwk = vector["jwk"]!
        let key = try P256.PrivateKey(scalarBytes: base64URLBytes(jwk["d"]!.stringValue!))
        #expect(key.publicKey.x == base64URLBytes(jwk["x"]!.stringValue!))
        #expect(key.publicKey.y == base64URLBytes(jwk["y"]!.stringValue!))
        let publicKey = try P256.PublicKey(x: key.publicKey.x, y: key.publicKey.y)
        let signingInput = Array(vector["signingInput"]!.stringValue!.utf8)
        let signature = try P256.Signature(rawRepresentation: base64URLBytes(vector["signatureB64"]!.stringValue!))
        #expect(!signature.isLowS, "the RFC's own example has a high s: P-256 verification must accept it")
        try publicKey.verify(signature, for: signingInput)
        #expect(publicKey.isValidSignature(signature.lowSForm, for: signingInput))
        let tampered = vector["negative"]![0]!["jwsCompact"]!.stringValue!.split(separator: ".").map(String.init)
        #expect(!publicKey.isValidSignature(base64URLBytes(tampered[2]), for: signingInput))
    }

    @Test("vc-di-ecdsa signatures (P-256 and P-384, rdfc and jcs): the key pair matches and the signature verifies")
    func vcDataIntegrityECDSA() throws {
        let vectors = try Fixtures.json("ecdsa/vc-di-ecdsa-signatures.json")["vectors"]!.arrayValue!
        #expect(vectors.count == 4)
        for vector in vectors {
            let publicBytes = hexBytes(vector["publicKeyCompressedHex"]!.stringValue!)
            let secret = hexBytes(vector["privateKeyHex"]!.stringValue!)
            let message = hexBytes(vector["combinedHashHex"]!.stringValue!)
            let signature = hexBytes(vector["signatureHex"]!.stringValue!)
            var changed = message
            changed[0] ^= 1
            if vector["curve"]!.stringValue! == "P-256" {
                let key = try P256.PublicKey(compressedRepresentation: publicBytes)
                #expect(try P256.PrivateKey(scalarBytes: secret).publicKey == key)
                #expect(key.isValidSignature(signature, for: message))
                #expect(!key.isValidSignature(signature, for: changed))
            } else {
                let key = try P384.PublicKey(compressedRepresentation: publicBytes)
                #expect(try P384.PrivateKey(scalarBytes: secret).publicKey == key)
                #expect(key.isValidSignature(signature, for: message))
                #expect(!key.isValidSignature(signature, for: changed))
                #expect(try P384.PublicKey(sec1Representation: key.uncompressedRepresentation) == key)
            }
        }
    }

    @Test("P-384 JWK of the vc-jose-cose suite: d gives x and y")
    func p384JWK() throws {
        let jwk = try Fixtures.json("vc-jose-cose/tests/input/vm-p384.json")["secretKeyJwk"]!
        let key = try P384.PrivateKey(scalarBytes: base64URLBytes(jwk["d"]!.stringValue!))
        #expect(key.publicKey.x == base64URLBytes(jwk["x"]!.stringValue!))
        #expect(key.publicKey.y == base64URLBytes(jwk["y"]!.stringValue!))
    }

    @Test("Our signatures are low-S and verify; a changed byte, message or key fails (P-256 and P-384)")
    func signVerifyProperty() throws {
        for round in 0..<24 {
            let message = SecureRandom.bytes(count: round * 7)
            let key256 = P256.PrivateKey()
            let signature256 = key256.signature(for: message)
            #expect(signature256.isLowS && signature256.rawRepresentation.count == 64)
            #expect(key256.publicKey.isValidSignature(signature256, for: message))
            var flipped = signature256.rawRepresentation
            flipped[round % 64] ^= 0x10
            #expect(!key256.publicKey.isValidSignature(flipped, for: message))
            #expect(!key256.publicKey.isValidSignature(signature256, for: message + [0]))
            #expect(!P256.PrivateKey().publicKey.isValidSignature(signature256, for: message))

            let key384 = P384.PrivateKey()
            let signature384 = key384.signature(for: message)
            #expect(signature384.isLowS && signature384.rawRepresentation.count == 96)
            try key384.publicKey.verify(signature384, for: message)
            #expect(!key384.publicKey.isValidSignature(signature384, for: message + [0]))
            #expect(!key384.publicKey.isValidSignature(signature256.rawRepresentation, for: message))
        }
    }

    @Test("Keys: forms agree; off-curve, x ≥ p, wrong prefix, 0 and n refused; secrets redacted")
    func keyParsing() throws {
        let key = P256.PrivateKey()
        let uncompressed = key.publicKey.uncompressedRepresentation
        #expect(try P256.PublicKey(uncompressedRepresentation: uncompressed) == key.publicKey)
        #expect(try P256.PublicKey(compressedRepresentation: key.publicKey.compressedRepresentation).uncompressedRepresentation == uncompressed)
        var offCurve = uncompressed
        offCurve[64] ^= 1
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try P256.PublicKey(uncompressedRepresentation: offCurve) }
        var hybrid = uncompressed
        hybrid[0] = 0x06
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try P256.PublicKey(uncompressedRepresentation: hybrid) }
        let fieldPrime = hexBytes("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try P256.PublicKey(x: fieldPrime, y: key.publicKey.y) }
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try P256.PublicKey(x: key.publicKey.x.dropFirst(), y: key.publicKey.y) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try P256.PrivateKey(scalarBytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try P256.PrivateKey(scalarBytes: P256.order) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try P384.PrivateKey(scalarBytes: P384.order) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try P384.PrivateKey(scalarBytes: [UInt8](repeating: 1, count: 32)) }
        let secret = Hex.encode(key.unsafeExportScalar().withUnsafeBytes { Array($0) })
        for rendering in [String(describing: key), String(reflecting: key), { var s = ""; dump(key, to: &s); return s }()] {
            #expect(!rendering.contains(String(secret.prefix(16))))
        }
        #expect(try P256.PrivateKey(scalar: key.unsafeExportScalar()).publicKey == key.publicKey)
    }
}
