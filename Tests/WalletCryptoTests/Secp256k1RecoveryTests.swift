import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("secp256k1 public-key recovery: NDAChain testnet signatures, 65-byte forms, the low-S rule")
struct Secp256k1RecoveryTests {
    static let expected = try! Fixtures.json("did-nda/expected.json")

    @Test("ES256K JWTs from NDAChain: both candidates recovered; the matching one has the issuer's address")
    func ndaJWTs() throws {
        let jwts = Self.expected["jwts"]!.arrayValue!
        #expect(jwts.count == 3)
        for jwt in jwts {
            let compact = try Fixtures.text("did-nda/" + jwt["file"]!.stringValue!)
            let parts = compact.split(separator: ".").map(String.init)
            let digest = SHA256.hash(Array((parts[0] + "." + parts[1]).utf8))
            #expect(Hex.encode(digest) == jwt["signingInputSha256"]!.stringValue!)
            let signature = try Secp256k1.Signature(rawRepresentation: base64URLBytes(parts[2]))
            #expect(signature.isLowS)
            let candidates = try Secp256k1.PublicKey.recoveryCandidates(for: signature, forDigest: digest)
            let listed = jwt["recovered"]!.arrayValue!
            #expect(candidates.map(\.recoveryID) == listed.map { Int($0["recid"]!.numberValue!.int64Value!) })
            #expect(candidates.map { Hex.encode($0.publicKey.compressedRepresentation) } == listed.map { $0["publicKeyCompressedHex"]!.stringValue! })
            #expect(candidates.map { EthereumAddress(publicKey: $0.publicKey).lowercased } == listed.map { $0["address"]!.stringValue! })
            let matching = Int(jwt["matchingRecid"]!.numberValue!.int64Value!)
            let issuer = try Secp256k1.PublicKey(recoveringFrom: .init(signature: signature, recoveryID: matching), forDigest: digest)
            #expect(EthereumAddress(publicKey: issuer).lowercased == jwt["issuerAddress"]!.stringValue!)
            try issuer.verify(signature, for: Array((parts[0] + "." + parts[1]).utf8))
        }
    }

    @Test("NDA Data Integrity proof: recovery over the dialect digest; the high-S twin and the 65-byte form")
    func ndaCredentialForms() throws {
        let credential = Self.expected["credentials"]![0]!
        let document = try Fixtures.json("did-nda/credential-ecdsa-rdfc-2019-nda.json")
        let proofValue = hexBytes(document["proof"]!["proofValue"]!.stringValue!)
        let variant = credential["variants"]!.arrayValue!.first { $0["name"]!.stringValue! == "nda-dialect" }!
        let digest = hexBytes(variant["digestHex"]!.stringValue!)
        let issuerKey = hexBytes(credential["recoveredIssuerPublicKeyCompressedHex"]!.stringValue!)
        let issuerAddress = credential["issuerAddress"]!.stringValue!
        let signature = try Secp256k1.Signature(rawRepresentation: proofValue)
        let candidates = try Secp256k1.PublicKey.recoveryCandidates(for: signature, forDigest: digest)
        let match = candidates.first { EthereumAddress(publicKey: $0.publicKey).lowercased == issuerAddress }
        #expect(match?.publicKey.compressedRepresentation == issuerKey)
        #expect(match?.recoveryID == Int(variant["matchingRecid"]!.numberValue!.int64Value!))

        let forms = credential["derivedSignatureForms"]!
        let sixtyFive = try Secp256k1.RecoverableSignature(rawRepresentation: hexBytes(forms["proofValue65WithRecid"]!.stringValue!))
        #expect(try Secp256k1.PublicKey(recoveringFrom: sixtyFive, forDigest: digest).compressedRepresentation == issuerKey)

        let highS = try Secp256k1.Signature(rawRepresentation: hexBytes(forms["proofValueHighS"]!.stringValue!))
        #expect(!highS.isLowS && highS.lowSForm == signature)
        #expect(throws: CryptoError(.signatureNotLowS, "")) { try Secp256k1.PublicKey.recoveryCandidates(for: highS, forDigest: digest) }
        let twin = try Secp256k1.RecoverableSignature(signature: highS, recoveryID: sixtyFive.recoveryID ^ 1)
        #expect(throws: CryptoError(.signatureNotLowS, "")) { try Secp256k1.PublicKey(recoveringFrom: twin, forDigest: digest) }
        #expect(try Secp256k1.PublicKey(recoveringFrom: twin, forDigest: digest, lowS: .accepted).compressedRepresentation == issuerKey)
        let issuer = try Secp256k1.PublicKey(compressedRepresentation: issuerKey)
        #expect(throws: CryptoError(.signatureNotLowS, "")) { try issuer.verify(highS, forDigest: digest) }
        try issuer.verify(highS, forDigest: digest, lowS: .accepted)
        try issuer.verify(signature, forDigest: digest)
    }

    @Test("Recoverable signing round trip; v as 0…3 or 27…30; other v, lengths and digests refused")
    func recoverableRoundTrip() throws {
        for _ in 0..<20 {
            let key = Secp256k1.PrivateKey()
            let message = SecureRandom.bytes(count: 48)
            let recoverable = key.recoverableSignature(for: message)
            #expect(recoverable.signature == key.signature(for: message))
            #expect(try Secp256k1.PublicKey(recoveringFrom: recoverable, for: message) == key.publicKey)
            var ethereum = recoverable.rawRepresentation
            ethereum[64] += 27
            #expect(try Secp256k1.PublicKey(recoveringFrom: .init(rawRepresentation: ethereum), for: message) == key.publicKey)
            let wrong = try Secp256k1.RecoverableSignature(signature: recoverable.signature, recoveryID: recoverable.recoveryID ^ 1)
            #expect((try? Secp256k1.PublicKey(recoveringFrom: wrong, for: message)) != key.publicKey)
            #expect((try? Secp256k1.PublicKey(recoveringFrom: recoverable, for: message + [1])) != key.publicKey)
        }
        let signature = Secp256k1.PrivateKey().signature(for: [1, 2, 3])
        for v: UInt8 in [4, 26, 31, 255] {
            #expect(throws: CryptoError(.invalidRecoveryID, "")) { try Secp256k1.RecoverableSignature(rawRepresentation: signature.rawRepresentation + [v]) }
        }
        #expect(throws: CryptoError(.invalidSignatureLength, "")) { try Secp256k1.RecoverableSignature(rawRepresentation: signature.rawRepresentation) }
        #expect(throws: CryptoError(.invalidDigestLength, "")) {
            try Secp256k1.PublicKey(recoveringFrom: .init(signature: signature, recoveryID: 0), forDigest: [UInt8](repeating: 1, count: 31))
        }
        let zero = try Secp256k1.RecoverableSignature(rawRepresentation: [UInt8](repeating: 0, count: 65))
        #expect(throws: CryptoError(.recoveryFailed, "")) { try Secp256k1.PublicKey(recoveringFrom: zero, for: [1]) }
    }
}
