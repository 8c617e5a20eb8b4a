import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// The SD-JWT VC (draft 18) examples (`Fixtures/sd-jwt/sd-jwt-vc-draft18-vectors.json`): every
/// disclosure and digest, the issuer JWTs, processing to the verifier's payload, and the
/// key-binding `sd_hash`, and the ES256 signatures: the issuer JWT under the published issuer key
/// (configured by its `kid`), the key-binding JWT under the holder's P-256 `cnf` key.
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
        // ES256: the issuer's signature verifies under the published key where the header names it
        // (kid); without a kid there is no key to verify with.
        let report = await Self.verifier(at: parts).verify(compact)
        if vector["issuerJwtHeader"]!["kid"] != nil {
            #expect(report.checks.contains { $0.name == .signature && $0.passed }, "\(report.errors)")
        } else {
            #expect(report.errors.map(\.code).contains(.invalidKeyId), "\(report.errors)")
        }
        // The key binding verifies under the holder's P-256 cnf key (checked once the issuer's signature is).
        if parts.keyBindingJWT != nil, vector["issuerJwtHeader"]!["kid"] != nil {
            #expect(report.checks.contains { $0.name == .keyBinding && $0.passed }, "\(report.errors)")
        }
        // A changed signature byte is refused.
        var tampered = Array(compact.utf8)
        let signatureEnd = parts.issuerJWT.utf8.count - 2
        tampered[signatureEnd] = tampered[signatureEnd] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tamperedReport = await Self.verifier(at: parts).verify(tampered)
        #expect(!tamperedReport.verified)
        if vector["issuerJwtHeader"]!["kid"] != nil {
            #expect(tamperedReport.errors.map(\.code).contains(.invalidSignature), "\(tamperedReport.errors)")
        }
    }

    /// A verifier with the published issuer key under the examples' `kid`, at the time the
    /// example was made (its key-binding JWT's `iat`, else the issuer JWT's).
    static func verifier(at parts: SDJWT.Parts) -> Verifier {
        let issuerKey = try! JWK(json: vectors["issuerPublicKeyJwk"]!).publicSigningKey()
        let keys = ["https://example.com/issuer", "https://pid-issuer.aendgard.example"].map {
            Verifier.IssuerKey(controller: $0, keyId: "doc-signer-05-25-2022", publicKey: issuerKey)
        }
        let jwt = parts.keyBindingJWT ?? parts.issuerJWT
        let claims = try! JSONValue(parsing: Base64URL.decode(String(jwt.split(separator: ".")[1])))
        let iat = Double(claims["iat"]!.numberValue!.int64Value!)
        var policy = VerificationPolicy()
        policy.now = { Date(timeIntervalSince1970: iat) }
        return Verifier(policy: policy, issuerKeys: keys)
    }

    @Test("The examples' key binding: refused when alg is not the cnf key's, or when ES256 is not allowed")
    func keyBindingAlgorithm() async throws {
        let example = try #require(Self.examples.first { $0.value["kind"] == "sd-jwt+kb" && $0.value["issuerJwtHeader"]!["kid"] != nil })
        let compact = example.value["compact"]!.stringValue!
        let parts = try SDJWT.Parts(parsing: compact)
        let kb = try #require(parts.keyBindingJWT)
        let segments = kb.split(separator: ".").map(String.init)
        // The same KB-JWT with alg EdDSA: the P-256 cnf key fixes ES256.
        let header = try #require(try JSONValue(parsing: Base64URL.decode(segments[0])).objectValue)
        var relabelled = header
        relabelled["alg"] = "EdDSA"
        let forged = Base64URL.encode(JSONSerializer().serialize(.object(relabelled))) + "." + segments[1] + "." + segments[2]
        let report = await Self.verifier(at: parts).verify(parts.hashedPart + forged)
        #expect(report.errors.map(\.code).contains(.algorithmKeyMismatch), "\(report.errors)")
        // ES256 left out of the allow-list: refused before any key is looked up.
        var narrowed = Self.verifier(at: parts)
        narrowed.policy.allowedAlgorithms = [.eddsa, .es256k]
        #expect(await narrowed.verify(compact).errors.map(\.code) == [.algorithmNotAllowed])
    }

    @Test("Five examples, three with the verifier's processed payload, two with key binding")
    func counts() {
        #expect(Self.examples.count == 5)
        #expect(Self.examples.filter { $0.value["expectedProcessedPayload"] != nil }.count == 3)
        #expect(Self.examples.filter { $0.value["kind"] == "sd-jwt+kb" }.count == 2)
    }
}
