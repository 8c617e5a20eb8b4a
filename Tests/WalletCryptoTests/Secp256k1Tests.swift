import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("secp256k1 ECDSA (libsecp256k1): Wycheproof, ES256K, keys and the low-S rule")
struct Secp256k1Tests {
    static let wycheproofPath = "wycheproof/ecdsa_secp256k1_sha256_p1363_test.json"
    static let wycheproof = WycheproofECDSACase.load(wycheproofPath)

    /// With `lowS: .accepted` the verifier is plain ECDSA, which is what Wycheproof describes:
    /// every case gives exactly Wycheproof's answer, the high-S ("signature malleability") ones included.
    @Test("Wycheproof secp256k1 P1363, lowS .accepted: every case gives Wycheproof's result", arguments: wycheproof)
    func wycheproofAccepted(_ test: WycheproofECDSACase) throws {
        let key = try Secp256k1.PublicKey(uncompressedRepresentation: test.publicKey)
        #expect(key.isValidSignature(test.signature, for: test.message, lowS: .accepted) == test.valid)
    }

    /// With the wallet's rule (`.required`) a case is valid exactly when Wycheproof says valid and
    /// its `s` is low; a valid high-S case fails with `signatureNotLowS`, an invalid one with
    /// `invalidSignature` (or a length error).
    @Test("Wycheproof secp256k1 P1363, lowS .required: valid iff Wycheproof-valid and low S; high-S named", arguments: wycheproof)
    func wycheproofRequired(_ test: WycheproofECDSACase) throws {
        let key = try Secp256k1.PublicKey(uncompressedRepresentation: test.publicKey)
        guard test.signature.count == Secp256k1.signatureLength else {
            #expect(!test.valid)
            #expect(throws: CryptoError(.invalidSignatureLength, "")) { try Secp256k1.Signature(rawRepresentation: test.signature) }
            #expect(!key.isValidSignature(test.signature, for: test.message))
            return
        }
        let signature = try Secp256k1.Signature(rawRepresentation: test.signature)
        let expectValid = test.valid && signature.isLowS
        #expect(key.isValidSignature(test.signature, for: test.message) == expectValid)
        if expectValid {
            try key.verify(signature, for: test.message)
        } else if test.valid {
            #expect(throws: CryptoError(.signatureNotLowS, "")) { try key.verify(signature, for: test.message) }
            #expect(key.isValidSignature(signature.lowSForm, for: test.message))
        } else {
            #expect(throws: CryptoError(.invalidSignature, "")) { try key.verify(signature, for: test.message) }
        }
    }

    @Test("Wycheproof secp256k1: all 252 cases read; valid high-S cases exist, so both runs differ")
    func wycheproofCount() throws {
        #expect(Self.wycheproof.count == WycheproofECDSACase.declaredCount(Self.wycheproofPath))
        #expect(Self.wycheproof.count == 252)
        #expect(Self.wycheproof.filter(\.valid).count == 167)
        let highSValid = Self.wycheproof.filter { $0.valid && $0.signature.count == 64 && !(try! Secp256k1.Signature(rawRepresentation: $0.signature)).isLowS }
        #expect(highSValid.count > 0)
        #expect(highSValid.contains { $0.comment == "signature malleability" })
    }

    static let es256k = try! Fixtures.json("ecdsa/jose/es256k-generated.json")

    @Test("ES256K vector: the scalar gives the JWK, RFC 6979 reproduces the signature byte for byte, it verifies")
    func es256kGenerated() throws {
        let vector = Self.es256k
        let key = try Secp256k1.PrivateKey(scalarBytes: hexBytes(vector["privateKeyHex"]!.stringValue!))
        #expect(key.publicKey.x == base64URLBytes(vector["jwk"]!["x"]!.stringValue!))
        #expect(key.publicKey.y == base64URLBytes(vector["jwk"]!["y"]!.stringValue!))
        #expect(key.publicKey.compressedRepresentation == hexBytes(vector["publicKeyCompressedHex"]!.stringValue!))
        let signingInput = Array(vector["signingInput"]!.stringValue!.utf8)
        let signature = key.signature(for: signingInput)
        #expect(signature.rawRepresentation == hexBytes(vector["signatureHex"]!.stringValue!))
        #expect(signature.rawRepresentation == base64URLBytes(vector["signatureB64"]!.stringValue!))
        let jwkKey = try Secp256k1.PublicKey(x: key.publicKey.x, y: key.publicKey.y)
        try jwkKey.verify(signature, for: signingInput)
    }

    @Test("ES256K variants: high-S twin refused with signatureNotLowS (accepted on request), tampered and DER refused")
    func es256kVariants() throws {
        let vector = Self.es256k
        let key = try Secp256k1.PublicKey(x: base64URLBytes(vector["publicJwk"]!["x"]!.stringValue!),
                                          y: base64URLBytes(vector["publicJwk"]!["y"]!.stringValue!))
        let variants = vector["variants"]!.arrayValue!
        for variant in variants {
            let name = variant["name"]!.stringValue!
            let compact = variant["jwsCompact"]?.stringValue
            let parts = compact.map { $0.split(separator: ".").map(String.init) }
            let signingInput = Array((parts.map { $0[0] + "." + $0[1] } ?? vector["signingInput"]!.stringValue!).utf8)
            let signatureBytes = base64URLBytes(parts?[2] ?? variant["signatureB64"]!.stringValue!)
            switch name {
            case let name where name.hasPrefix("high-S"):
                let signature = try Secp256k1.Signature(rawRepresentation: signatureBytes)
                #expect(!signature.isLowS)
                #expect(throws: CryptoError(.signatureNotLowS, "")) { try key.verify(signature, for: signingInput) }
                #expect(!key.isValidSignature(signature, for: signingInput))
                #expect(key.isValidSignature(signature, for: signingInput, lowS: .accepted))
                #expect(signature.lowSForm.rawRepresentation == hexBytes(vector["signatureHex"]!.stringValue!))
            case let name where name.hasPrefix("DER"):
                #expect(signatureBytes.count != 64)
                #expect(throws: CryptoError(.invalidSignatureLength, "")) { try Secp256k1.Signature(rawRepresentation: signatureBytes) }
                #expect(!key.isValidSignature(signatureBytes, for: signingInput, lowS: .accepted))
            default:
                #expect(variant["expected"]!.stringValue! == "invalid")
                let signature = try Secp256k1.Signature(rawRepresentation: signatureBytes)
                #expect(throws: CryptoError(.invalidSignature, "")) { try key.verify(signature, for: signingInput, lowS: .accepted) }
            }
        }
        #expect(variants.count == 3)
    }

    @Test("Public keys: compressed, uncompressed and x/y agree; hybrid, off-curve and x ≥ p refused")
    func publicKeyParsing() throws {
        let generatorCompressed = hexBytes("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
        let generator = try Secp256k1.PublicKey(compressedRepresentation: generatorCompressed)
        let uncompressed = generator.uncompressedRepresentation
        #expect(uncompressed.count == 65 && uncompressed[0] == 0x04)
        #expect(try Secp256k1.PublicKey(uncompressedRepresentation: uncompressed) == generator)
        #expect(try Secp256k1.PublicKey(sec1Representation: uncompressed) == generator)
        #expect(try Secp256k1.PublicKey(x: generator.x, y: generator.y).compressedRepresentation == generatorCompressed)
        #expect(generator.rawRepresentation == Array(uncompressed.dropFirst()))

        var hybrid = uncompressed
        hybrid[0] = 0x06  // G's y is even: the hybrid form libsecp256k1 itself would accept
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try Secp256k1.PublicKey(uncompressedRepresentation: hybrid) }
        var offCurve = uncompressed
        offCurve[64] ^= 0x01
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try Secp256k1.PublicKey(uncompressedRepresentation: offCurve) }
        let fieldPrime = hexBytes("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try Secp256k1.PublicKey(compressedRepresentation: [0x02] + fieldPrime) }
        // x = 5: x³ + 7 = 132 is not a square mod p, so no point has this x.
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try Secp256k1.PublicKey(compressedRepresentation: [0x02] + [UInt8](repeating: 0, count: 31) + [5]) }
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try Secp256k1.PublicKey(compressedRepresentation: [0x04] + generatorCompressed.dropFirst()) }
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try Secp256k1.PublicKey(compressedRepresentation: generatorCompressed.dropLast()) }
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try Secp256k1.PublicKey(x: generator.x, y: generator.y.dropLast()) }
    }

    @Test("Private keys: 0 and n refused, 1 and n − 1 accepted; redacted in every rendering")
    func privateKeyRange() throws {
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try Secp256k1.PrivateKey(scalarBytes: Secp256k1.order) }
        #expect(throws: CryptoError(.invalidPrivateKey, "")) { try Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 1, count: 31)) }
        let one = try Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 0, count: 31) + [1])
        #expect(Hex.encode(one.publicKey.compressedRepresentation) == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
        var nMinusOne = Secp256k1.order
        nMinusOne[31] -= 1
        let last = try Secp256k1.PrivateKey(scalarBytes: nMinusOne)
        // (n − 1)·G = −G: same x as G, odd y.
        #expect(last.publicKey.x == one.publicKey.x && last.publicKey.compressedRepresentation[0] == 0x03)
        let secret = Hex.encode(nMinusOne)
        for rendering in [String(describing: last), String(reflecting: last), { var s = ""; dump(last, to: &s); return s }()] {
            #expect(!rendering.contains(secret) && !rendering.contains(String(secret.prefix(16))))
        }
        #expect(last.unsafeExportScalar().withUnsafeBytes { Array($0) } == nMinusOne)
    }

    @Test("Property: sign then verify (low-S always); a changed message, signature bit or key fails")
    func signVerifyProperty() throws {
        var generator = SeededGenerator(seed: 0x5ec9_256b)
        for round in 0..<40 {
            let key = Secp256k1.PrivateKey()
            let message = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = key.signature(for: message)
            #expect(signature.isLowS)
            #expect(key.publicKey.isValidSignature(signature, for: message))
            #expect(key.signature(for: message) == signature, "RFC 6979 is deterministic")
            var flipped = signature.rawRepresentation
            flipped[round % 64] ^= 1 << UInt8(round % 8)
            #expect(!key.publicKey.isValidSignature(flipped, for: message, lowS: .accepted))
            #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
            #expect(!Secp256k1.PrivateKey().publicKey.isValidSignature(signature, for: message, lowS: .accepted))
        }
    }

    @Test("Raw digests: 32 bytes only; a digest signature verifies as the message form does")
    func digests() throws {
        let key = Secp256k1.PrivateKey()
        let message = Array("digest form".utf8)
        let digest = SHA256.hash(message)
        let signature = try key.signature(forDigest: digest)
        #expect(signature == key.signature(for: message))
        try key.publicKey.verify(signature, forDigest: digest)
        #expect(throws: CryptoError(.invalidDigestLength, "")) { try key.signature(forDigest: digest.dropLast()) }
        #expect(throws: CryptoError(.invalidDigestLength, "")) { try key.publicKey.verify(signature, forDigest: digest + [0]) }
        #expect(!key.publicKey.isValidSignature(signature.rawRepresentation, forDigest: digest.dropLast()))
    }

    @Test("Group-order constants: n is odd and ⌊n/2⌋ · 2 + 1 = n, for every curve")
    func orderConstants() {
        for (order, half) in [(Secp256k1.order, Secp256k1.halfOrder), (P256.order, P256.halfOrder), (P384.order, P384.halfOrder)] {
            var doubled = [UInt8](repeating: 0, count: half.count)
            half.withUnsafeBytes { h in doubled.withUnsafeMutableBytes { _ = ScalarBytes.add(h, h, into: $0) } }
            doubled[doubled.count - 1] |= 1
            #expect(doubled == order)
        }
    }
}
