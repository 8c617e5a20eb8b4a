import DIDCore
import Foundation
import StrictJSON
import Testing
import VerifiableCredentials

/// A VC 1.1 credential secured with a `DataIntegrityProof` carries the Data Integrity v2 context
/// after `https://www.w3.org/2018/credentials/v1`, which does not define the proof's terms (VC Data
/// Integrity §2.1; vc-di-eddsa §2.2): `Issuer` adds it, and the credential verifies.
@Suite("Data Integrity proofs on VC 1.1 credentials")
struct DataIntegrityVC11Tests {
    static let examples = "https://www.w3.org/2018/credentials/examples/v1"

    @Test("eddsa-rdfc-2022 and eddsa-jcs-2022 on a 1.1 credential: the data-integrity/v2 context is added once; valid", arguments: [
        DataIntegrityCryptosuite.eddsaRdfc2022, .eddsaJcs2022,
    ])
    func addsContext(_ suite: DataIntegrityCryptosuite) async throws {
        let issuer = TestParty(seed: 31)
        let credential = JSONValue.object(Issuer.credential(issuer: issuer.did.description, subject: ["id": "did:example:an", "name": "An"],
                                                            contexts: [Self.examples], validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)),
                                                            dataModel: .v1_1))
        let signed = try await Issuer.issueDataIntegrity(credential, signer: issuer.signer, cryptosuite: suite)
        #expect(signed["@context"] == ["https://www.w3.org/2018/credentials/v1", .string(Self.examples), .string(Issuer.dataIntegrityContext)])
        let report = await Verifier().verify(JSONSerializer().serialize(signed))
        #expect(report.verified && report.dataModel == .v1_1 && report.format == .dataIntegrity(suite), "\(report.jsonValue.prettyString)")
        // Already there: not added twice.
        var withContext = credential.objectValue!
        withContext["@context"] = ["https://www.w3.org/2018/credentials/v1", .string(Self.examples), .string(Issuer.dataIntegrityContext)]
        let again = try await Issuer.issueDataIntegrity(.object(withContext), signer: issuer.signer, cryptosuite: suite)
        #expect(again["@context"]?.arrayValue?.count == 3)
    }

    @Test("A 2.0 credential gets no extra context (the v2 context defines the proof's terms)")
    func v2Unchanged() async throws {
        let issuer = TestParty(seed: 32)
        let signed = try await Issuer.issueDataIntegrity(issuer.credential(), signer: issuer.signer, cryptosuite: .eddsaJcs2022)
        #expect(signed["@context"] == ["https://www.w3.org/ns/credentials/v2"])
    }
}
