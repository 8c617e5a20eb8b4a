import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Interop with SpruceID's didkit 0.3.3 (`Fixtures/interop/make_ld_proof_fixtures.py`):
/// Ed25519Signature2018 and Ed25519Signature2020 credentials issued by didkit verify here, and
/// the Ed25519Signature2020 credential issued here (byte-identical to the committed fixture,
/// since Ed25519 is deterministic) is the one didkit verified when the fixtures were made.
@Suite("Interop with didkit: Ed25519Signature2018 and 2020")
struct LinkedDataProofInteropTests {
    static let key = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 0x33, count: 32))
    static let did = DIDKey.did(for: key.publicKey)

    /// `-tab-pinned`: strings with a tab, which didkit canonicalizes with URDNA2015's escaping
    /// (raw), where RDFC-1.0 writes `\t`; the verifier accepts either form of the same dataset.
    /// (`-tab`, the same claims under an inline `@vocab` context, is refused: decision 0010.)
    @Test("didkit's credentials verify; a changed subject does not",
          arguments: ["Ed25519Signature2018", "Ed25519Signature2020", "Ed25519Signature2020-tab-pinned"])
    func didkitIssued(_ name: String) async throws {
        let bytes = try Fixtures.bytes("interop/didkit-\(name).json")
        let type = name.replacingOccurrences(of: "-tab-pinned", with: "")
        let report = await Verifier().verify(bytes)
        #expect(report.verified && report.format?.rawValue == "di-\(type)" && report.issuer == Self.did.description, "\(report.jsonValue.prettyString)")
        var document = try JSONValue(parsing: bytes).objectValue!
        document["credentialSubject"] = ["id": "did:example:someone-else"]
        let tampered = await Verifier().verify(JSONSerializer().serialize(.object(document)))
        #expect(tampered.errors.map(\.code) == [.invalidSignature])
    }

    @Test("Our Ed25519Signature2020 credential is the fixture didkit verified")
    func ours() async throws {
        let signer = InMemorySigner(privateKey: Self.key, verificationMethodId: "\(Self.did)#\(Self.did.methodSpecificId)")
        let credential: JSONValue = [
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/suites/ed25519-2020/v1"],
            "id": "urn:uuid:0d5b8e61-3f5c-4c0e-9a47-2b1f6c8d9e03", "type": ["VerifiableCredential"], "issuer": .string(Self.did.description),
            "issuanceDate": "2024-01-01T00:00:00Z", "credentialSubject": ["id": "did:example:holder"],
        ]
        let signed = try await Issuer.issueDataIntegrity(credential, signer: signer, created: Date(timeIntervalSince1970: 1_704_067_200),
                                                         cryptosuite: .ed25519Signature2020)
        let text = String(decoding: JSONSerializer(style: .pretty).serialize(signed), as: UTF8.self) + "\n"
        if ProcessInfo.processInfo.environment["WRITE_INTEROP_FIXTURES"] != nil {
            try Data(text.utf8).write(to: Fixtures.url("interop/swift-did-wallet-Ed25519Signature2020.json"))
        }
        #expect(text == (try Fixtures.text("interop/swift-did-wallet-Ed25519Signature2020.json")))
        #expect(await Verifier().verify(JSONSerializer().serialize(signed)).verified)
    }
}
