import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// The W3C vc-di-eddsa `eddsa-rdfc-2022` test vectors (Alumni credential and the employment
/// authorization document), reproduced byte for byte, and the verifier on them.
@Suite("eddsa-rdfc-2022 test vectors")
struct EddsaRdfc2022Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let folder: String, unsigned: String
        var testDescription: String { folder }
    }

    static let vectors = [
        Vector(folder: "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/", unsigned: "vc-di-eddsa/TestVectors/unsigned.json"),
        Vector(folder: "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/", unsigned: "vc-di-eddsa/TestVectors/employmentAuth.json"),
    ]

    static func text(_ path: String) throws -> String { try Fixtures.text(path).trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test("Hashes, signature and the signed credential reproduce; the verifier accepts it and rejects a change", arguments: vectors)
    func vector(_ vector: Vector) async throws {
        let key = try EddsaJcs2022Tests.keyPair()
        let unsigned = try Fixtures.json(vector.unsigned).objectValue!
        let options = try Fixtures.json(vector.folder + "proofConfigDataInt.json").objectValue!
        var optionsWithoutContext = options
        optionsWithoutContext.removeValue(forKey: "@context")
        let configuration = try DataIntegrityProof.proofConfiguration(document: unsigned, options: optionsWithoutContext)
        let hashData = try DataIntegrityProof.hashData(document: unsigned, proofConfiguration: configuration, suite: .eddsaRdfc2022)
        #expect(Hex.encode(Array(hashData[32...])) == (try Self.text(vector.folder + "docHashDataInt.txt")))
        #expect(Hex.encode(Array(hashData[..<32])) == (try Self.text(vector.folder + "proofHashDataInt.txt")))
        #expect(Hex.encode(hashData) == (try Self.text(vector.folder + "combinedHashDataInt.txt")))
        #expect(Hex.encode(key.signature(for: hashData).rawRepresentation) == (try Self.text(vector.folder + "sigHexDataInt.txt")))

        let signer = InMemorySigner(privateKey: key, verificationMethodId: options["verificationMethod"]!.stringValue!)
        let proof = try await DataIntegrityProof.createProof(
            document: unsigned,
            options: .init(verificationMethod: signer.verificationMethodId, created: options["created"]!.stringValue!, cryptosuite: .eddsaRdfc2022),
            signer: signer)
        #expect(proof["proofValue"]?.stringValue == (try Self.text(vector.folder + "sigBTC58DataInt.txt")))
        let expected = try Fixtures.json(vector.folder + "signedDataInt.json")
        var signed = unsigned
        signed["proof"] = .object(proof)
        #expect(JSONValue.object(signed) == expected)

        // The library-level check, then the whole verifier (the issuer here is not the did:key,
        // so the verifier is given the vector's key for the issuer's URL).
        try DataIntegrityProof.verifyProof(expected["proof"]!.objectValue!, unsecuredDocument: unsigned, publicKey: key.publicKey)
        var changed = unsigned
        changed["name"] = "Changed"
        #expect(throws: VCError(.invalidSignature, "")) {
            try DataIntegrityProof.verifyProof(expected["proof"]!.objectValue!, unsecuredDocument: changed, publicKey: key.publicKey)
        }
    }

    @Test("Issue and verify with a did:key issuer: valid; an undefined term is dataLoss; an unknown context is contextNotAllowed")
    func issueAndVerify() async throws {
        let issuer = TestParty(seed: 3)
        // The examples context (with @vocab) defines the subject's claims.
        var withExamples = issuer.credential().objectValue!
        withExamples["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let credential = JSONValue.object(withExamples)
        let signed = try await Issuer.issueDataIntegrity(credential, signer: issuer.signer, cryptosuite: .eddsaRdfc2022)
        #expect(signed["proof"]?["cryptosuite"] == "eddsa-rdfc-2022")
        let report = await Verifier().verify(JSONSerializer().serialize(signed))
        #expect(report.verified && report.format == .dataIntegrity(.eddsaRdfc2022), "\(report.jsonValue.prettyString)")
        // Tampering inside the RDF (a changed value) fails the signature.
        var tampered = signed.objectValue!
        var subject = tampered["credentialSubject"]!.objectValue!
        subject["degree"] = ["name": "Thạc sĩ"]
        tampered["credentialSubject"] = .object(subject)
        #expect(await Verifier().verify(JSONSerializer().serialize(.object(tampered))).errors.map(\.code) == [.invalidSignature])
        // Safe mode: with the v2 context alone (no @vocab), the subject's "degree" is undefined,
        // and signing refuses rather than dropping it from what the signature covers.
        await #expect(throws: VCError(.dataLoss, "")) {
            try await Issuer.issueDataIntegrity(issuer.credential(), signer: issuer.signer, cryptosuite: .eddsaRdfc2022)
        }
        // The same when verifying: an undefined property slipped into a signed credential.
        var slipped = signed.objectValue!
        slipped["undefinedTerm"] = "x"
        slipped["@context"] = ["https://www.w3.org/ns/credentials/v2"]
        let slippedReport = await Verifier().verify(JSONSerializer().serialize(.object(slipped)))
        #expect(!slippedReport.verified && slippedReport.errors.map(\.code).contains(.dataLoss), "\(slippedReport.errors)")
        // Security requirement 26: a credential whose terms are all defined by the v2 context
        // signs; adding an undefined property afterwards never verifies (dataLoss, not ignored).
        let minimal: JSONValue = .object(Issuer.credential(issuer: issuer.did.description, subject: ["id": "did:example:an"], types: [],
                                                           validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000))))
        var minimalSigned = try await Issuer.issueDataIntegrity(minimal, signer: issuer.signer, cryptosuite: .eddsaRdfc2022).objectValue!
        #expect(await Verifier().verify(JSONSerializer().serialize(.object(minimalSigned))).verified)
        minimalSigned["undefinedTerm"] = "added later"
        #expect(await Verifier().verify(JSONSerializer().serialize(.object(minimalSigned))).errors.map(\.code) == [.dataLoss])
        // An unpinned context is refused, never fetched.
        var unknown = credential.objectValue!
        unknown["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://unknown.example/context.jsonld"]
        await #expect(throws: VCError(.contextNotAllowed, "")) {
            try await Issuer.issueDataIntegrity(.object(unknown), signer: issuer.signer, cryptosuite: .eddsaRdfc2022)
        }
    }

    @Test("Presentations with eddsa-rdfc-2022 and Ed25519Signature2020 proofs, bound to challenge and domain", arguments: [
        DataIntegrityCryptosuite.eddsaRdfc2022, .ed25519Signature2020,
    ])
    func presentations(_ suite: DataIntegrityCryptosuite) async throws {
        let issuer = TestParty(seed: 3), holder = TestParty(seed: 4)
        var credential = issuer.credential(subject: holder.did.description).objectValue!
        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: issuer.signer, cryptosuite: .eddsaRdfc2022)
        var presentation = Issuer.presentation(holder: holder.did.description, credentials: [signed])
        presentation["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let presented = try await Issuer.presentDataIntegrity(presentation, challenge: "c-1", domain: "https://v.example", signer: holder.signer,
                                                              cryptosuite: suite)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "c-1"
        policy.expectedDomain = "https://v.example"
        let report = await Verifier(policy: policy).verify(JSONSerializer().serialize(presented))
        #expect(report.verified && report.kind == .presentation && report.credentials.count == 1, "\(report.jsonValue.prettyString)")
        policy.expectedChallenge = "replayed"
        #expect(await Verifier(policy: policy).verify(JSONSerializer().serialize(presented)).errors.map(\.code).contains(.challengeMismatch))
    }
}
