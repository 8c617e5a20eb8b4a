import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// SD-JWTs made by the reference Python implementation (sd-jwt 0.10.4) verify here, and the
/// presentation made here is the one sd-jwt verified (Fixtures/interop/make_sd_jwt_fixtures.py).
@Suite("SD-JWT interop with the Python reference implementation")
struct SDJWTInteropTests {
    static let issuerKey = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 0x11, count: 32))
    static let holderKey = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 0x22, count: 32))

    static func keyBindingTime(_ text: String) throws -> Date {
        let kb = try #require(try SDJWT.Parts(parsing: text).keyBindingJWT)
        let payload = try JSONValue(parsing: Base64URL.decode(String(kb.split(separator: ".")[1])))
        return Date(timeIntervalSince1970: try #require(payload["iat"]?.numberValue?.doubleValue))
    }

    @Test("sd-jwt's issuance and presentation (EdDSA, decoys, nested and array disclosures) verify here")
    func pythonIssued() async throws {
        let issuance = try Fixtures.text("interop/sdjwt-python-issuance.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let all = await Verifier().verify(issuance)
        #expect(all.verified, "\(all.jsonValue.prettyString)")
        #expect(all.document?["family_name"]?.stringValue == "Nguyễn" && all.document?["nationalities"] == ["VN", "FR"])
        #expect(all.document?["address"]?["locality"]?.stringValue == "Hà Nội")

        let presentation = try Fixtures.text("interop/sdjwt-python-presentation.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        var policy = VerificationPolicy()
        let at = try Self.keyBindingTime(presentation)
        policy.now = { at }
        policy.expectedChallenge = "n-python"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verify(presentation)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        let disclosed = try #require(report.document?.objectValue)
        #expect(disclosed["given_name"]?.stringValue == "An" && disclosed["address"]?["locality"]?.stringValue == "Hà Nội")
        #expect(disclosed["family_name"] == nil && disclosed["birthdate"] == nil && disclosed["nationalities"] == [])
        policy.expectedChallenge = "other"
        #expect(await Verifier(policy: policy).verify(presentation).errors.map(\.code.rawValue).contains("challengeMismatch"))
    }

    @Test("Our presentation, as committed, verifies here too (sd-jwt verified it when the fixtures were made)")
    func oursVerifiedByPython() async throws {
        let ours = try Fixtures.text("interop/swift-did-wallet-sd-jwt-presentation.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        var policy = VerificationPolicy()
        let at = try Self.keyBindingTime(ours)
        policy.now = { at }
        policy.expectedChallenge = "n-swift"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verify(ours)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.document?["given_name"]?.stringValue == "An" && report.document?["birthdate"] == nil)
    }
}
