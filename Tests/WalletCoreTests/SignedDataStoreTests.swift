import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

/// Issue 12 §1, the store path: an RDF-suite credential rewritten so that its JSON no longer says
/// what was signed (its type renamed through an inline context, its credentialStatus moved to the
/// full IRI) is not stored — so never listed under an unsigned type or shown without its status.
@Suite("The holder's store keeps only what was signed")
struct SignedDataStoreTests {
    @Test("A rewritten eddsa-rdfc-2022 credential is refused by vc store; the original is stored under its signed type")
    func rewrittenCredentialNotStored() async throws {
        let directory = TemporaryDirectory("store-signed")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let (did, signer) = try testIssuer(seed: 6)
        let credential: JSONObject = [
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
            "id": "urn:uuid:5e1d0c9a-0000-4000-8000-000000000002", "type": ["VerifiableCredential", "AlumniCredential"],
            "issuer": .string(did.description), "credentialSubject": ["id": "did:example:an", "alumniOf": "Đại học Quốc gia Hà Nội"],
            "credentialStatus": ["id": "https://issuer.example/status/1#9", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                 "statusListIndex": "9", "statusListCredential": "https://issuer.example/status/1"],
        ]
        let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: signer, cryptosuite: .eddsaRdfc2022).objectValue!
        var renamed = signed
        renamed["@context"] = .array(signed["@context"]!.arrayValue! + [["DriverLicense": "https://www.w3.org/ns/credentials/examples#AlumniCredential"]])
        renamed["type"] = ["VerifiableCredential", "DriverLicense"]
        var moved = signed
        moved["https://www.w3.org/2018/credentials#credentialStatus"] = moved.removeValue(forKey: "credentialStatus")
        for tampered in [renamed, moved] {
            await #expect(throws: WalletError.self) { try await wallet.storeCredential(JSONSerializer().serialize(.object(tampered))) }
        }
        #expect(try await wallet.credentials(type: "DriverLicense").isEmpty)
        let (stored, report) = try await wallet.storeCredential(JSONSerializer().serialize(.object(signed)))
        #expect(report.verified && stored.types == ["VerifiableCredential", "AlumniCredential"])
        #expect(report.warnings.map(\.code) == [.statusNotChecked])
        await wallet.close()
    }

    @Test("The store keeps the validity the verifier held the credential to: the earliest end and the latest start of the dates and the JWT's exp/nbf")
    func storedValidityIsTheVerifiers() async throws {
        let directory = TemporaryDirectory("store-validity")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let (did, signer) = try testIssuer(seed: 7)
        let exp = Int(Date().timeIntervalSince1970) + 3600
        var payload = Issuer.credential(issuer: did.description, subject: ["id": "did:example:an"],
                                        validUntil: DateTimeStamp(parsing: "2099-01-01T00:00:00Z"))
        payload["exp"] = .number(JSONNumber(exp))
        let jwt = try await CompactJWS.sign(header: ["alg": "EdDSA", "typ": "vc+jwt", "kid": .string(signer.verificationMethodId)],
                                            payload: JSONSerializer().serialize(.object(payload)), signer: signer)
        let (stored, report) = try await wallet.storeCredential(Array(jwt.utf8))
        #expect(report.verified)
        #expect(stored.validUntil?.secondsSince1970 == Int64(exp))
        #expect(!stored.isValid(at: Date(timeIntervalSince1970: TimeInterval(exp + 1))))
        await wallet.close()
    }
}
