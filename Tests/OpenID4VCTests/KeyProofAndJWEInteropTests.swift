import Crypto
import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import TestSupport
import VerifiableCredentials
import WalletCrypto

/// A key proof (`openid4vci-proof+jwt`, OpenID4VCI 1.0 Appendix F) and two `direct_post.jwt`
/// responses (ECDH-ES with A128GCM and A256GCM, OpenID4VP 1.0 §8.3) as this library makes them —
/// the files Fixtures/interop/check_openid4vc.py verifies and decrypts with joserfc. The keys are
/// fixed scalars; `WRITE_INTEROP_FIXTURES=1` writes the files again (signatures and ephemeral keys
/// are random, so the bytes change; run the script again then).
@Suite("Interop: key proofs and JWE responses checked by Python")
struct KeyProofAndJWEInteropTests {
    static let holderKey = try! Crypto.P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 0x64, count: 32))
    /// The verifier's response-encryption key (test only): its private JWK is committed for the script.
    static let responseScalar = [UInt8](repeating: 0x65, count: 32)
    static let audience = "https://issuer.example"
    static let nonce = "c-nonce-interop"
    static let issuedAt = Date(timeIntervalSince1970: 1_785_542_400)   // 2026-08-01
    static let plaintext = #"{"state":"state-interop","vp_token":{"pid":["eyJhbGciOiJFUzI1NiJ9.e30.c2ln~"]}}"#
    static let files = (proof: "interop/swift-did-wallet-key-proof.jwt", a128: "interop/swift-did-wallet-response-a128gcm.jwe",
                        a256: "interop/swift-did-wallet-response-a256gcm.jwe", key: "interop/openid4vc-response-key.json")

    static func responseKey() throws -> ResponseEncryptionKey {
        try ResponseEncryptionKey(unsafeRawRepresentation: responseScalar, keyId: "verifier-interop")
    }

    /// Writes the proof, the two responses and the response key's private JWK (only with
    /// `WRITE_INTEROP_FIXTURES=1`).
    @Test func writeWhenAsked() async throws {
        guard ProcessInfo.processInfo.environment["WRITE_INTEROP_FIXTURES"] != nil else { return }
        let proof = try await KeyProof.sign(signer: try X509TestSDJWT.signer(Self.holderKey), audience: Self.audience,
                                            nonce: Self.nonce, key: .jwk, issuedAt: Self.issuedAt)
        try Data((proof + "\n").utf8).write(to: Fixtures.url(Self.files.proof))
        let key = try Self.responseKey()
        for (encryption, file) in [(JWE.ContentEncryption.a128gcm, Self.files.a128), (.a256gcm, Self.files.a256)] {
            let jwe = try JWE.encrypt(Array(Self.plaintext.utf8), to: key.publicJWK, encryption: encryption)
            try Data((jwe + "\n").utf8).write(to: Fixtures.url(file))
        }
        var jwk = key.publicJWK.jsonValue.objectValue ?? [:]
        jwk["d"] = .string(Base64URL.encode(Self.responseScalar))
        try Data((JSONValue.object(jwk).prettyString + "\n").utf8).write(to: Fixtures.url(Self.files.key))
    }

    @Test("The committed key proof, which joserfc verified, is ours: signed by the holder key, for this issuer and nonce")
    func keyProof() async throws {
        let proof = try Fixtures.text(Self.files.proof).trimmingCharacters(in: .whitespacesAndNewlines)
        let verified = try await KeyProof.verify(proof, audience: Self.audience, allowed: [.es256], resolver: DIDResolverRegistry.standard,
                                                 now: Self.issuedAt)
        #expect(verified.nonce == Self.nonce)
        #expect(verified.publicKey == .p256(try WalletCrypto.P256.PublicKey(uncompressedRepresentation: Self.holderKey.publicKey.x963Representation)))
        // For another issuer it is refused.
        await #expect(throws: OpenID4VCError(.invalidProof, "")) {
            _ = try await KeyProof.verify(proof, audience: "https://other.example", allowed: [.es256], resolver: DIDResolverRegistry.standard,
                                          now: Self.issuedAt)
        }
    }

    @Test("The committed responses, which joserfc decrypted, decrypt here to the same plaintext; the committed key is the fixed one")
    func responses() throws {
        let key = try Self.responseKey()
        for (encryption, file) in [(JWE.ContentEncryption.a128gcm, Self.files.a128), (.a256gcm, Self.files.a256)] {
            let jwe = try Fixtures.text(file).trimmingCharacters(in: .whitespacesAndNewlines)
            let decrypted = try JWE.decrypt(jwe, with: key)
            #expect(decrypted.plaintext == Array(Self.plaintext.utf8))
            #expect(decrypted.header["enc"]?.stringValue == encryption.rawValue && decrypted.header["alg"]?.stringValue == "ECDH-ES")
            #expect(throws: OpenID4VCError.self) { _ = try JWE.decrypt(jwe, with: ResponseEncryptionKey()) }
        }
        let committed = try JSONValue(parsing: Array(try Fixtures.text(Self.files.key).utf8)).objectValue
        #expect(committed?["d"]?.stringValue == Base64URL.encode(Self.responseScalar))
        #expect(committed?["x"] == key.publicJWK.jsonValue.objectValue?["x"])
    }
}
