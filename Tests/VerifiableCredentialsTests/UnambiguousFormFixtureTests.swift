import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials

/// Every signed RDF-suite credential among the fixtures (eddsa-rdfc-2022, Ed25519Signature2020
/// and 2018), and what the tests issue with those suites, is in the unambiguous form: the
/// documents a verifier canonicalizes for it (the secured document without its proof, and the
/// proof configuration) expand with `requireUnambiguousForm`, to the same dataset as without.
@Suite("Signed RDF-suite credentials in the unambiguous form")
struct UnambiguousFormFixtureTests {
    static let signedFixtures = [
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/signedDataInt.json",
        "vc-di-eddsa/TestVectors/Ed25519Signature2020/signedEdSig.json",
        "interop/didkit-Ed25519Signature2018.json",
        "interop/didkit-Ed25519Signature2020.json",
        "interop/swift-did-wallet-Ed25519Signature2020.json",
        "fuzz/credential/didkit-2018.json",
        "fuzz/credential/ed25519-2020.json",
        "fuzz/credential/eddsa-rdfc-2022.json",
    ]
    static let proofConfigurationFixtures = [
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/proofConfigDataInt.json",
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/proofConfigDataInt.json",
        "vc-di-eddsa/TestVectors/Ed25519Signature2020/proofConfigEdSig.json",
    ]
    /// Written for this project to test URDNA2015 escaping: it carries an inline context
    /// (`{"@vocab": "https://example.org/vocab#"}`), which rule R1 refuses.
    static let refusedFixture = "interop/didkit-Ed25519Signature2020-tab.json"

    /// The documents a verifier canonicalizes for `secured`, as `EddsaJcs2022.verifyProof` builds
    /// them: the document without `proof`, and for each proof its configuration (the proof without
    /// its value, with the document's `@context` unless it has its own).
    static func signedDocuments(_ secured: JSONObject) -> [(String, JSONObject)] {
        var document = secured
        let proofs = document.removeValue(forKey: "proof").map { $0.arrayValue ?? [$0] } ?? []
        var result = [("document", document)]
        for (index, proof) in proofs.enumerated() {
            var configuration = proof.objectValue!
            configuration.removeValue(forKey: "proofValue")
            configuration.removeValue(forKey: "jws")
            if configuration["@context"] == nil, let context = document["@context"] { configuration["@context"] = context }
            result.append(("proof configuration \(index)", configuration))
        }
        return result
    }

    static func expectUnambiguous(_ document: JSONObject, _ label: String) throws {
        let lenient = JSONLDProcessor(safeMode: true)
        var strict = lenient
        strict.requireUnambiguousForm = true
        do {
            let expected = try lenient.canonicalize(.object(document)).canonicalNQuads
            #expect(try strict.canonicalize(.object(document)).canonicalNQuads == expected, "\(label)")
            #expect(!expected.isEmpty, "\(label)")
        } catch {
            Issue.record("\(label): \(error)")
        }
    }

    @Test("Signed fixtures: the document and each proof configuration", arguments: signedFixtures)
    func signedFixture(_ path: String) throws {
        let secured = try Fixtures.json(path).objectValue!
        let documents = Self.signedDocuments(secured)
        #expect(documents.count >= 2)
        for (label, document) in documents { try Self.expectUnambiguous(document, "\(path) \(label)") }
    }

    @Test("Published proof configurations", arguments: proofConfigurationFixtures)
    func proofConfigurationFixture(_ path: String) throws {
        try Self.expectUnambiguous(try Fixtures.json(path).objectValue!, path)
    }

    @Test("The didkit fixture with an inline @vocab is refused (R1), by JSON-LD processing and by the verifier")
    func inlineVocabFixture() async throws {
        var strict = JSONLDProcessor(safeMode: true)
        strict.requireUnambiguousForm = true
        let document = Self.signedDocuments(try Fixtures.json(Self.refusedFixture).objectValue!)[0].1
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try strict.canonicalize(.object(document)) }
        #expect(await Verifier().verify(try Fixtures.bytes(Self.refusedFixture)).errors.map(\.code) == [.ambiguousJSONLD])
    }

    @Test("What the tests issue with eddsa-rdfc-2022 and Ed25519Signature2020: credentials (VC 2.0 and 1.1) and a presentation")
    func issued() async throws {
        let issuer = TestParty(seed: 3), holder = TestParty(seed: 4)
        var v2 = issuer.credential(subject: holder.did.description, validUntil: Date(timeIntervalSince1970: 1_900_000_000)).objectValue!
        v2["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        var v1 = issuer.credential(subject: holder.did.description, dataModel: .v1_1).objectValue!
        v1["@context"] = ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1", "https://w3id.org/security/data-integrity/v2"]
        var issued: [(String, JSONObject)] = []
        for (name, credential) in [("VC 2.0", v2), ("VC 1.1", v1)] {
            for suite in [DataIntegrityCryptosuite.eddsaRdfc2022, .ed25519Signature2020] {
                let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: issuer.signer, cryptosuite: suite)
                #expect(await Verifier().verify(JSONSerializer().serialize(signed)).verified, "\(name) \(suite)")
                issued.append(("\(name) \(suite.rawValue)", signed.objectValue!))
            }
        }
        var presentation = Issuer.presentation(holder: holder.did.description, credentials: [.object(issued[0].1)])
        presentation["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let presented = try await Issuer.presentDataIntegrity(presentation, challenge: "c-1", domain: "verifier.example", signer: holder.signer,
                                                              cryptosuite: .eddsaRdfc2022)
        issued.append(("presentation eddsa-rdfc-2022", presented.objectValue!))
        for (name, secured) in issued {
            for (label, document) in Self.signedDocuments(secured) { try Self.expectUnambiguous(document, "\(name) \(label)") }
        }
    }
}
