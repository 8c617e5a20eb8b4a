import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Cross-implementation fixtures (Fixtures/interop/, made by make_vc_jwt_fixtures.py with
/// joserfc 1.6.5): VC-JWTs issued by joserfc verify here, and the VC-JWT issued here is the one
/// joserfc verified when the fixtures were made.
@Suite("Interop with joserfc")
struct InteropTests {
    static let key = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 0x11, count: 32))
    static let did = DIDKey.did(for: key.publicKey)
    static let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")

    @Test("joserfc's VC 1.1 JWT and vc+jwt verify; its EdDSA signature equals ours over the same bytes", arguments: ["joserfc-vc-1.1.jwt", "joserfc-vc+jwt.jwt"])
    func joserfcIssued(_ name: String) async throws {
        let text = try Fixtures.text("interop/\(name)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Self.did.description == "did:key:z6MktULudTtAsAhRegYPiZ6631RV3viv12qd4GQF8z1xB22S")
        let report = await Verifier().verify(text)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.issuer == Self.did.description)
        #expect(report.format == (name.contains("1.1") ? .jwtVC11 : .vcJWT))
        // Ed25519 is deterministic: signing joserfc's signing input gives joserfc's signature.
        let jws = try CompactJWS(parsing: text)
        #expect(Self.key.signature(for: jws.signingInput).rawRepresentation == jws.signature)
        // One flipped payload character breaks it.
        let parts = text.split(separator: ".").map(String.init)
        var payload = Array(parts[1])
        payload[10] = payload[10] == "A" ? "B" : "A"
        #expect(!(await Verifier().verify(parts[0] + "." + String(payload) + "." + parts[2]).verified))
    }

    @Test("Our VC 1.1 JWT is byte-identical to the fixture joserfc verified")
    func oursVerifiedByJoserfc() async throws {
        let credential = Issuer.credential(
            issuer: Self.did.description,
            subject: ["id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "degree": ["type": "BachelorDegree", "name": "Bachelor of Science and Arts"]],
            types: ["UniversityDegreeCredential"], contexts: ["https://www.w3.org/2018/credentials/examples/v1"],
            id: "http://example.edu/credentials/3732", validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_262_304_000)),
            validUntil: DateTimeStamp(Date(timeIntervalSince1970: 4_102_444_800)), dataModel: .v1_1)
        let issued = try await Issuer.issueLegacyJWT(.object(credential), signer: Self.signer)
        let fixture = try Fixtures.text("interop/swift-did-wallet-vc-1.1.jwt").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(issued == fixture)
        #expect(await Verifier().verify(issued).verified)
    }
}
