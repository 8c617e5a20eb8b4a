import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// The SD-JWT VC (draft 18) examples (`Fixtures/sd-jwt/sd-jwt-vc-draft18-vectors.json`): every
/// disclosure and digest, the issuer JWTs, processing to the verifier's payload, and the
/// key-binding `sd_hash`. The examples are signed with ES256, which this library refuses
/// (security requirement 16), so their signatures are not what is checked here.
@Suite("SD-JWT VC draft 18 examples")
struct SDJWTVCExamplesTests {
    static let vectors = try! Fixtures.json("sd-jwt/sd-jwt-vc-draft18-vectors.json")

    struct Example: Sendable, CustomTestStringConvertible {
        let index: Int
        let value: JSONValue
        var testDescription: String { "\(index): \(value["section"]!.stringValue!) (\(value["kind"]!.stringValue!))" }
    }

    static let examples = vectors["compactExamples"]!.arrayValue!.enumerated().map { Example(index: $0.offset, value: $0.element) }

    @Test("All 37 disclosures parse to their salt, claim name and value, with their SHA-256 digest")
    func disclosures() throws {
        let all = Self.vectors["disclosures"]!.arrayValue!
        #expect(all.count == 37)
        for vector in all {
            let parsed = try Disclosure(parsing: vector["disclosure"]!.stringValue!)
            #expect(parsed.salt == vector["salt"]!.stringValue! && parsed.claimName == vector["claimName"]?.stringValue)
            #expect(parsed.value == vector["claimValue"]!)
            #expect(parsed.digest() == vector["sha256Digest"]!.stringValue!)
        }
    }

    @Test("Each example: header and payload as published, every disclosure referenced, the processed payload, sd_hash", arguments: examples)
    func example(_ example: Example) async throws {
        let vector = example.value
        let compact = vector["compact"]!.stringValue!
        let parts = try SDJWT.Parts(parsing: compact)
        let segments = parts.issuerJWT.split(separator: ".").map(String.init)
        #expect(try JSONValue(parsing: Base64URL.decode(segments[0])) == vector["issuerJwtHeader"]!)
        let payload = try #require(try JSONValue(parsing: Base64URL.decode(segments[1])).objectValue)
        #expect(JSONValue.object(payload) == vector["issuerJwtPayload"]!)
        #expect(payload["vct"]?.stringValue != nil && payload["_sd_alg"] == "sha-256")
        #expect(parts.disclosures.count == Int(vector["disclosureCount"]!.numberValue!.int64Value!))
        let disclosures = try parts.disclosures.map { encoded throws(VCError) in try Disclosure(parsing: encoded) }
        // Processing fails if a disclosure is not referenced, repeated or colliding.
        let processed = try SDJWTProcessor.process(payload: payload, disclosures: disclosures)
        if let expected = vector["expectedProcessedPayload"] {
            #expect(JSONValue.object(processed) == expected, "\(JSONValue.object(processed).prettyString)")
        }
        if let keyBinding = parts.keyBindingJWT {
            let kbPayload = try JSONValue(parsing: Base64URL.decode(String(keyBinding.split(separator: ".")[1])))
            #expect(kbPayload == vector["kbJwtPayload"]!)
            #expect(kbPayload["sd_hash"]?.stringValue == Base64URL.encode(SHA256.hash(Array(parts.hashedPart.utf8))))
        } else {
            #expect(vector["kind"] == "sd-jwt")
        }
        // ES256 is refused by the verifier, before any key is looked for.
        let report = await Verifier().verify(compact)
        #expect(!report.verified && report.errors.map(\.code) == [.unsupportedAlgorithm], "\(report.errors)")
    }

    @Test("Five examples, three with the verifier's processed payload, two with key binding")
    func counts() {
        #expect(Self.examples.count == 5)
        #expect(Self.examples.filter { $0.value["expectedProcessedPayload"] != nil }.count == 3)
        #expect(Self.examples.filter { $0.value["kind"] == "sd-jwt+kb" }.count == 2)
    }
}
