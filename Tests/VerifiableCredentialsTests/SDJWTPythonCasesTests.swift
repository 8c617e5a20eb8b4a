import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// The end-to-end cases of sd-jwt-python (`Fixtures/sd-jwt/sd-jwt-python/testcases.json`, its
/// YAML specifications converted to JSON): claims marked `!sd` become disclosable, the holder
/// discloses what `holder_disclosed_claims` says, and the verified claims must be
/// `expect_verified_user_claims`. Issued, presented and verified with this library.
@Suite("sd-jwt-python test cases")
struct SDJWTPythonCasesTests {
    static let cases = try! Fixtures.json("sd-jwt/sd-jwt-python/testcases.json")["cases"]!.objectValue!

    /// Cases for features this library does not have: JWS JSON serialisation and custom headers.
    static let notApplicable: Set<String> = ["json_serialization_flattened", "json_serialization_general", "header_mod"]

    static let names = cases.keys.filter { !notApplicable.contains($0) }

    /// Splits the converted user claims into plain claims and the paths marked `!sd`.
    static func split(_ value: JSONValue, path: String, disclosable: inout Set<String>) -> JSONValue {
        switch value {
        case .object(let object):
            if object.count == 1, let inner = object["!sd"] {
                disclosable.insert(path)
                return split(inner, path: path, disclosable: &disclosable)
            }
            var output = JSONObject()
            for member in object {
                let isSD = member.key.hasPrefix("!sd ")
                let name = isSD ? String(member.key.dropFirst(4)) : member.key
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if isSD { disclosable.insert(childPath) }
                output[name] = split(member.value, path: childPath, disclosable: &disclosable)
            }
            return .object(output)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in split(element, path: "\(path)[\(index)]", disclosable: &disclosable) })
        default:
            return value
        }
    }

    /// The paths the holder discloses.
    static func wanted(_ value: JSONValue, path: String, into paths: inout Set<String>) {
        switch value {
        case .bool(true): paths.insert(path)
        case .object(let object):
            for member in object { wanted(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)", into: &paths) }
        case .array(let elements):
            for (index, element) in elements.enumerated() { wanted(element, path: "\(path)[\(index)]", into: &paths) }
        default: break
        }
    }

    @Test("Each case issues, presents and verifies to the expected claims", arguments: names)
    func testCase(_ name: String) async throws {
        let spec = try #require(Self.cases[name])
        var disclosable = Set<String>()
        let claims = try #require(Self.split(spec["user_claims"]!, path: "", disclosable: &disclosable).objectValue)
        var paths = Set<String>()
        Self.wanted(spec["holder_disclosed_claims"] ?? [:], path: "", into: &paths)
        let issuer = TestParty(seed: 1), holder = TestParty(seed: 2)
        let sdJWT = try await SDJWT.issue(claims: claims, disclosable: disclosable, vct: "https://credentials.example/test", issuer: issuer.did.description,
                                          holderKey: JWK(ed25519: holder.key.publicKey), signer: issuer.signer, decoys: 1)
        let presented = try await SDJWT.present(sdJWT, disclose: paths, audience: "https://verifier.example", nonce: "n", holder: holder.signer)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verify(presented)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        var verified = try #require(report.document?.objectValue)
        for registered in ["iss", "iat", "exp", "vct", "cnf"] where claims[registered] == nil { verified.removeValue(forKey: registered) }
        #expect(JSONValue.object(verified) == spec["expect_verified_user_claims"]!, "\(JSONValue.object(verified).compactString)")
    }

    @Test("14 of the 17 cases apply") func count() {
        #expect(Self.cases.count == 17 && Self.names.count == 14)
    }
}
