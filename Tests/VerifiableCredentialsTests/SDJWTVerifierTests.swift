import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

@Suite("SD-JWT VC: issue, present with key binding, verify")
struct SDJWTVerifierTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)
    let claims: JSONObject = [
        "given_name": "An", "family_name": "Nguyễn", "birthdate": "1990-04-12",
        "address": ["locality": "Hà Nội", "country": "VN"], "nationalities": ["VN", "FR"],
    ]

    func issue(decoys: Int = 2) async throws -> String {
        try await SDJWT.issue(claims: claims, disclosable: ["given_name", "family_name", "birthdate", "address", "address.locality", "nationalities[]"],
                              vct: "https://credentials.example/identity", issuer: issuer.did.description,
                              holderKey: JWK(ed25519: holder.key.publicKey), signer: issuer.signer, decoys: decoys)
    }

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    @Test("Issued SD-JWTs verify without key binding and reveal everything disclosed; nothing undisclosed is in clear")
    func issueAndVerify() async throws {
        let sdJWT = try await issue()
        let parts = try SDJWT.Parts(parsing: sdJWT)
        #expect(parts.disclosures.count == 7 && parts.keyBindingJWT == nil)
        let payload = String(decoding: try Base64URL.decode(String(parts.issuerJWT.split(separator: ".")[1])), as: UTF8.self)
        for secret in ["Nguyễn", "1990-04-12", "Hà Nội", "given_name"] { #expect(!payload.contains(secret)) }
        #expect(payload.contains(#""cnf""#) && payload.contains(#""_sd_alg":"sha-256""#))
        let report = await Verifier().verify(sdJWT)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.format == .sdJWT && report.kind == .credential && report.issuer == issuer.did.description)
        #expect(report.document?["address"]?["locality"]?.stringValue == "Hà Nội")
        #expect(report.document?["nationalities"] == ["VN", "FR"])
        // Salts are fresh: two issuances differ in every disclosure.
        #expect(Set(try SDJWT.Parts(parsing: try await issue()).disclosures).isDisjoint(with: parts.disclosures))
    }

    @Test("A presentation reveals only what was chosen, bound to the verifier's nonce and audience")
    func presentAndVerify() async throws {
        let sdJWT = try await issue()
        let presented = try await SDJWT.present(sdJWT, disclose: ["given_name", "address.locality"], audience: "https://verifier.example",
                                                nonce: "n-42", holder: holder.signer)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-42"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verify(presented)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.kind == .presentation)
        let disclosed = try #require(report.document?.objectValue)
        #expect(disclosed["given_name"]?.stringValue == "An")
        #expect(disclosed["address"]?["locality"]?.stringValue == "Hà Nội")
        #expect(disclosed["address"]?["country"]?.stringValue == "VN")  // not selectively disclosable: always there
        #expect(disclosed["family_name"] == nil && disclosed["birthdate"] == nil && disclosed["nationalities"] == [])
        // Replays and mismatches.
        var other = policy
        other.expectedChallenge = "n-43"
        #expect(codes(await Verifier(policy: other).verify(presented)).contains("challengeMismatch"))
        other = policy
        other.expectedDomain = "https://evil.example"
        #expect(codes(await Verifier(policy: other).verify(presented)).contains("domainMismatch"))
        // Without key binding, a verifier that expects a challenge refuses.
        #expect(codes(await Verifier(policy: policy).verify(sdJWT)).contains("challengeMismatch"))
        // Adding a disclosure after the key binding breaks sd_hash.
        let parts = try SDJWT.Parts(parsing: presented)
        let extra = try SDJWT.Parts(parsing: sdJWT).disclosures.first { !parts.disclosures.contains($0) }!
        let smuggled = ([parts.issuerJWT] + parts.disclosures + [extra]).joined(separator: "~") + "~" + parts.keyBindingJWT!
        #expect(codes(await Verifier(policy: policy).verify(smuggled)).contains("invalidClaims"))
        // A key binding by someone else than the cnf key.
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
            try await SDJWT.present(sdJWT, disclose: ["given_name"], audience: "a", nonce: "n", holder: issuer.signer)
        }
        // An old key binding.
        let old = try await SDJWT.present(sdJWT, disclose: ["given_name"], audience: "https://verifier.example", nonce: "n-42",
                                          holder: holder.signer, issuedAt: Date().addingTimeInterval(-3600))
        #expect(codes(await Verifier(policy: policy).verify(old)).contains("invalidClaims"))
    }

    @Test("Tampering and misuse are refused")
    func refusals() async throws {
        let sdJWT = try await issue()
        let parts = try SDJWT.Parts(parsing: sdJWT)
        // An issuer JWT with a changed payload.
        let jwt = parts.issuerJWT.split(separator: ".").map(String.init)
        var payload = try JSONValue(parsing: Base64URL.decode(jwt[1])).objectValue!
        payload["vct"] = "https://credentials.example/other"
        let forged = [jwt[0], Base64URL.encode(JSONSerializer().serialize(.object(payload))), jwt[2]].joined(separator: ".")
        #expect(codes(await Verifier().verify(([forged] + parts.disclosures).joined(separator: "~") + "~")) == ["invalidSignature"])
        // A disclosure the payload does not reference.
        let stray = Disclosure(claimName: "admin", value: true)
        #expect(codes(await Verifier().verify(sdJWT + stray.encoded + "~")).contains("unreferencedDisclosure"))
        // The same disclosure twice.
        #expect(codes(await Verifier().verify(sdJWT + parts.disclosures[0] + "~")).contains("duplicateDigest"))
        // Issuing: the key must be the issuer's; reserved claims cannot be hidden; paths must exist.
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
            try await SDJWT.issue(claims: claims, disclosable: [], vct: "v", issuer: issuer.did.description, holderKey: nil, signer: holder.signer)
        }
        await #expect(throws: VCError(.invalidClaims, "")) {
            try await SDJWT.issue(claims: claims, disclosable: ["iss"], vct: "v", issuer: issuer.did.description, holderKey: nil, signer: issuer.signer)
        }
        await #expect(throws: VCError(.invalidClaims, "")) {
            try await SDJWT.issue(claims: claims, disclosable: ["nope"], vct: "v", issuer: issuer.did.description, holderKey: nil, signer: issuer.signer)
        }
    }
}
