import DIDCore
import Foundation
import StrictJSON
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// Issue 12 §2 and security requirement 34: the JCS and RDF suites sign a number as its IEEE
/// double, so a number that its RFC 8785 form does not keep exactly could be changed under the
/// signature. It is refused when issuing and when verifying, with `numberNotIJSON`.
@Suite("Numbers outside I-JSON in the JCS and RDF suites")
struct IJSONNumberTests {
    let issuer = TestParty(seed: 1)
    static let suites: [DataIntegrityCryptosuite] = [.eddsaJcs2022, .eddsaRdfc2022, .ed25519Signature2020]

    func credential(_ number: String) -> JSONObject {
        ["@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
         "type": ["VerifiableCredential"], "issuer": .string(issuer.did.description),
         "credentialSubject": ["id": "did:example:holder", "accountNumber": .number(JSONNumber(text: number)!)]]
    }

    @Test("Issuing refuses such numbers; a credential signed over the double of one that fits is not verified for another text",
          arguments: suites)
    func refused(_ suite: DataIntegrityCryptosuite) async throws {
        for number in ["12345678901234567890", "0.10000000000000000001", "9007199254740993"] {
            await #expect(throws: VCError(.numberNotIJSON, ""), "\(number)") {
                try await Issuer.issueDataIntegrity(.object(credential(number)), signer: issuer.signer, cryptosuite: suite)
            }
        }
        // An exact number signs and verifies; the same document with the text changed to a number
        // of the same double (…567000 → …567890) is refused, never taken for what was signed.
        let signed = try await Issuer.issueDataIntegrity(.object(credential("12345678901234567000")), signer: issuer.signer, cryptosuite: suite)
        let text = String(decoding: JSONSerializer().serialize(signed), as: UTF8.self)
        #expect(await Verifier().verify(text).verified)
        let changed = text.replacingOccurrences(of: "12345678901234567000", with: "12345678901234567890")
        #expect(changed != text && JSONNumber(text: "12345678901234567890")!.doubleValue == JSONNumber(text: "12345678901234567000")!.doubleValue)
        let report = await Verifier().verify(changed)
        #expect(!report.verified && report.errors.map(\.code) == [.numberNotIJSON], "\(report.jsonValue.prettyString)")
    }

    @Test("Equal-valued spellings that keep their value exactly (1.0, 1e2) are not refused")
    func exactSpellings() async throws {
        let signed = try await Issuer.issueDataIntegrity(.object(credential("100")), signer: issuer.signer, cryptosuite: .eddsaJcs2022)
        let text = String(decoding: JSONSerializer().serialize(signed), as: UTF8.self)
        #expect(await Verifier().verify(text.replacingOccurrences(of: ":100", with: ":1e2")).verified)
    }
}
