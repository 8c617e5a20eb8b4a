import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// The `openid4vci-proof+jwt` key proof (Appendix F.1) and the issuer's checks of it (F.4).
@Suite("OpenID4VCI: key proofs")
struct IssuanceKeyProofTests {
    static let audience = "https://issuer.example"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func signer(_ type: String = "ed25519") -> InMemorySigner {
        let key: PrivateSigningKey = type == "p256" ? .p256(P256.PrivateKey()) : .ed25519(Ed25519.PrivateKey())
        let did = DIDKey.did(for: key.publicKey)
        return InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
    }

    static func verify(_ jwt: String, allowed: Set<SignatureAlgorithm> = [.eddsa, .es256]) async throws(OpenID4VCError) -> KeyProof.Verified {
        try await KeyProof.verify(jwt, audience: audience, allowed: allowed, resolver: DIDResolverRegistry.standard, now: now)
    }

    /// A proof with its header and payload changed by `edit`, signed by `signer`.
    static func forged(_ signer: InMemorySigner, header: (inout JSONObject) -> Void = { _ in }, payload: (inout JSONObject) -> Void = { _ in }) async throws -> String {
        var head: JSONObject = ["typ": "openid4vci-proof+jwt", "alg": .string(signer.publicKey.algorithm.rawValue), "jwk": JWK(publicSigningKey: signer.publicKey).jsonValue]
        var body: JSONObject = ["aud": .string(audience), "iat": .number(JSONNumber(Int(now.timeIntervalSince1970))), "nonce": "n"]
        header(&head)
        payload(&body)
        let input = Base64URL.encode(JSONSerializer().serialize(.object(head))) + "." + Base64URL.encode(JSONSerializer().serialize(.object(body)))
        return input + "." + Base64URL.encode(try await signer.sign(Array(input.utf8)))
    }

    @Test("jwk and kid proofs, Ed25519 and P-256, verify: the key, the DID and the nonce come back", arguments: ["ed25519", "p256"])
    func roundTrip(_ type: String) async throws {
        let signer = Self.signer(type)
        let jwk = try await KeyProof.sign(signer: signer, audience: Self.audience, nonce: "n-1", key: .jwk, issuedAt: Self.now)
        let byKey = try await Self.verify(jwk)
        #expect(byKey.publicKey == signer.publicKey && byKey.nonce == "n-1" && byKey.did == nil)
        let kid = try await KeyProof.sign(signer: signer, audience: Self.audience, nonce: nil, clientId: "wallet", key: .kid, issuedAt: Self.now)
        let byDID = try await Self.verify(kid)
        #expect(byDID.publicKey == signer.publicKey && byDID.did == String(signer.verificationMethodId.split(separator: "#")[0]))
        #expect(byDID.nonce == nil && byDID.clientId == "wallet")
    }

    @Test("Refused (invalidProof): wrong typ, alg none or not allowed, a private jwk, jwk with kid, x5c, wrong aud, old or future iat, bad signature")
    func refused() async throws {
        let signer = Self.signer()
        let other = Self.signer()
        var cases: [(String, String)] = []
        cases.append(("typ JWT", try await Self.forged(signer, header: { $0["typ"] = "JWT" })))
        cases.append(("alg none", try await Self.forged(signer, header: { $0["alg"] = "none" })))
        cases.append(("alg HS256", try await Self.forged(signer, header: { $0["alg"] = "HS256" })))
        var privateJWK = JWK(publicSigningKey: signer.publicKey).jsonValue.objectValue!
        privateJWK["d"] = "AAAA"
        cases.append(("private jwk", try await Self.forged(signer, header: { $0["jwk"] = .object(privateJWK) })))
        cases.append(("jwk and kid", try await Self.forged(signer, header: { $0["kid"] = .string(signer.verificationMethodId) })))
        cases.append(("neither", try await Self.forged(signer, header: { _ = $0.removeValue(forKey: "jwk") })))
        cases.append(("x5c", try await Self.forged(signer, header: { $0["x5c"] = ["MIIB"] })))
        cases.append(("another key's jwk", try await Self.forged(signer, header: { $0["jwk"] = JWK(publicSigningKey: other.publicKey).jsonValue })))
        cases.append(("aud", try await Self.forged(signer, payload: { $0["aud"] = "https://other.example" })))
        cases.append(("aud array", try await Self.forged(signer, payload: { $0["aud"] = [.string(Self.audience)] })))
        cases.append(("old iat", try await Self.forged(signer, payload: { $0["iat"] = .number(JSONNumber(Int(Self.now.timeIntervalSince1970) - 301)) })))
        cases.append(("future iat", try await Self.forged(signer, payload: { $0["iat"] = .number(JSONNumber(Int(Self.now.timeIntervalSince1970) + 61)) })))
        cases.append(("no iat", try await Self.forged(signer, payload: { _ = $0.removeValue(forKey: "iat") })))
        cases.append(("nonce number", try await Self.forged(signer, payload: { $0["nonce"] = 1 })))
        let good = try await Self.forged(signer)
        cases.append(("signature", String(good.dropLast(2)) + (good.hasSuffix("AA") ? "BA" : "AA")))
        cases.append(("two segments", String(good.split(separator: ".").prefix(2).joined(separator: "."))))
        _ = try await Self.verify(good)
        for (name, jwt) in cases {
            await #expect(throws: OpenID4VCError(.invalidProof, ""), "\(name)") { try await Self.verify(jwt) }
        }
        // An ES256 issuer refuses an EdDSA proof.
        await #expect(throws: OpenID4VCError(.invalidProof, "")) { try await Self.verify(good, allowed: [.es256]) }
    }
}
