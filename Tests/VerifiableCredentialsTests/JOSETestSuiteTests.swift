import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// The JOSE cases of the W3C vc-jose-cose test suite (`Fixtures/vc-jose-cose/test-mapping.json`).
///
/// The suite's issuer is `https://example.issuer/vc-jose-cose`, not a DID; its Ed25519, P-256 and
/// P-384 keys are given to the verifier as configured issuer keys (P-521 is not supported: the
/// cases that name it issue with the Ed25519 key). The verifier allows ES384 here, which the
/// default policy does not (decision 0026; ``es384NotAllowedByDefault()``), and runs at the
/// suite's signing time, since its presentation expired in 2024. The cases that differ from the
/// suite's expectation are listed in `deviations` with the result we assert instead.
@Suite("W3C vc-jose-cose test suite, JOSE cases")
struct JOSETestSuiteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int, title: String, input: String, key: String, function: String, feature: String, success: Bool
        var testDescription: String { title }
    }

    static let cases: [Case] = try! Fixtures.json("vc-jose-cose/test-mapping.json")["suites"]!["JOSETestMapping"]!.arrayValue!.map {
        Case(number: Int($0["number"]!.numberValue!.int64Value!), title: $0["title"]!.stringValue!, input: $0["input_file"]!.stringValue!,
             key: $0["key_file"]!.stringValue!, function: $0["fn"]!.stringValue!, feature: $0["feature"]!.stringValue!,
             success: $0["expected_result"]!.stringValue! == "success")
    }

    /// Cases whose outcome differs from the suite's, with the code we produce instead.
    static let deviations: [Int: (code: String, reason: String)] = [
        7: ("invalidEmbeddedCredential", "the presentation's ES384 signature and its ES256 vc+jwt credential verify, but it also envelopes a vc+sd-jwt (the VC data model secured as an SD-JWT, an earlier vc-jose-cose form) and a vc+cose credential, formats this library does not read"),
        5: ("", "the suite expects issuing a credential with 'badExtension' to fail, but with the examples v2 context (whose @vocab defines every term) JSON-LD safe mode accepts it: no rule of VC-JOSE-COSE or the data model makes it fail (the specification's editors call the case invalid: w3c/vc-jose-cose issue 335)"),
    ]

    static let issuerURL = "https://example.issuer/vc-jose-cose"
    /// The suite's tokens were signed at 2024-12-16T01:04:10Z (`iat` 1734311050); its presentation expires a day later.
    static let signingTime = Date(timeIntervalSince1970: 1_734_311_050 + 60)

    /// The suite's key file `name` as a configured issuer key and its private key; `nil` for P-521.
    static func suiteKey(_ name: String) throws -> (Verifier.IssuerKey, PrivateSigningKey)? {
        let file = try Fixtures.json("vc-jose-cose/tests/input/\(name)")
        let secret = file["secretKeyJwk"]!
        let d = try Base64URL.decode(secret["d"]!.stringValue!)
        let privateKey: PrivateSigningKey
        switch secret["crv"]!.stringValue! {
        case "Ed25519": privateKey = .ed25519(try Ed25519.PrivateKey(seedBytes: d))
        case "P-256": privateKey = .p256(try P256.PrivateKey(scalarBytes: d))
        case "P-384": privateKey = .p384(try P384.PrivateKey(scalarBytes: d))
        default: return nil
        }
        // The published public JWK is the private key's.
        #expect(try JWK(json: file["publicKeyJwk"]!).publicSigningKey() == privateKey.publicKey)
        let kid = secret["kid"]!.stringValue!
        return (Verifier.IssuerKey(controller: issuerURL, keyId: kid, publicKey: privateKey.publicKey), privateKey)
    }

    static func verifier(_ keys: [Verifier.IssuerKey], allowed: Set<SignatureAlgorithm> = Set(SignatureAlgorithm.allCases)) -> Verifier {
        var policy = VerificationPolicy()
        policy.now = { signingTime }
        policy.allowedAlgorithms = allowed
        return Verifier(policy: policy, issuerKeys: keys)
    }

    static func allKeys() throws -> [Verifier.IssuerKey] {
        try ["vm-ed25519.json", "vm-p256.json", "vm-p384.json"].map { try suiteKey($0)!.0 }
    }

    @Test("Every JOSE case gives the suite's expected result, or the documented deviation", arguments: cases)
    func suiteCase(_ testCase: Case) async throws {
        let verifier = Self.verifier(try Self.allKeys())
        let input = try Fixtures.bytes("vc-jose-cose/tests/input/\(testCase.input)")
        let report: VerificationReport
        if testCase.function == "issue" {
            // Issue with the case's key (the Ed25519 key for P-521, which is not supported), then verify.
            let (issuerKey, privateKey) = try Self.suiteKey(testCase.key) ?? Self.suiteKey("vm-ed25519.json")!
            let signer = InMemorySigner(privateKey: privateKey, verificationMethodId: issuerKey.keyId)
            let document = try JSONValue(parsing: input)
            let header: JSONObject = ["kid": .string(issuerKey.keyId), "typ": testCase.feature.hasPrefix("presentation") ? "vp+jwt" : "vc+jwt"]
            let jwt = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(document), signer: signer)
            #expect(try CompactJWS(parsing: jwt).signatureAlgorithm == privateKey.algorithm)
            report = await verifier.verify(jwt)
        } else {
            report = await verifier.verify(input)
        }
        var codes = report.errors.map(\.code.rawValue)
        var verified = report.verified
        if testCase.function == "issue" && testCase.feature.hasPrefix("presentation") {
            // Issuing a presentation secures the presentation; of the suite's enveloped credentials
            // inside, the ES256 vc+jwt verifies, the truncated samples, the vc+sd-jwt and vc+cose do not.
            #expect(report.checks.contains { $0.name == .signature && $0.passed })
            #expect(report.credentials.allSatisfy { $0.verified == ($0.format == .vcJWT) }, "\(report.credentials.map(\.errors))")
            codes.removeAll { $0 == "invalidEmbeddedCredential" }
            verified = codes.isEmpty && report.checks.contains { $0.name == .signature && $0.passed }
        }
        if let deviation = Self.deviations[testCase.number] {
            if deviation.code.isEmpty {
                #expect(verified != testCase.success, "documented deviation: \(deviation.reason)")
            } else {
                #expect(!report.verified && codes.contains(deviation.code), "documented deviation: \(deviation.reason); got \(codes)")
            }
        } else {
            #expect(verified == testCase.success, "\(testCase.title): \(codes)")
        }
    }

    @Test("All 16 JOSE cases are present") func count() {
        #expect(Self.cases.count == 16)
        #expect(Self.cases.filter { Self.deviations[$0.number] == nil }.count == 14)
    }

    @Test("The default allow-list refuses the suite's ES384 presentation (algorithmNotAllowed); its ES256 credential verifies")
    func es384NotAllowedByDefault() async throws {
        let defaults = Self.verifier(try Self.allKeys(), allowed: VerificationPolicy.defaultAllowedAlgorithms)
        let es384 = await defaults.verify(try Fixtures.bytes("vc-jose-cose/tests/input/presentation-jose-multiple.txt"))
        #expect(!es384.verified && es384.errors.map(\.code) == [.algorithmNotAllowed], "\(es384.errors)")
        let es256 = await defaults.verify(try Fixtures.bytes("vc-jose-cose/tests/input/credential-jose-minimal.txt"))
        #expect(es256.verified, "\(es256.errors)")
        // With every algorithm allowed, the ES384 presentation's own signature and its ES256 credential verify (case 7).
        let all = await Self.verifier(try Self.allKeys()).verify(try Fixtures.bytes("vc-jose-cose/tests/input/presentation-jose-multiple.txt"))
        #expect(all.checks.contains { $0.name == .signature && $0.passed })
        #expect(all.credentials.first?.verified == true && all.credentials.first?.format == .vcJWT)
        // Narrowed to EdDSA, the ES256 credential is refused too, before any key is looked up.
        let narrowed = await Self.verifier(try Self.allKeys(), allowed: [.eddsa]).verify(try Fixtures.bytes("vc-jose-cose/tests/input/credential-jose-minimal.txt"))
        #expect(narrowed.errors.map(\.code) == [.algorithmNotAllowed])
        #expect(!narrowed.checks.contains { $0.name == .verificationMethod })
    }
}
