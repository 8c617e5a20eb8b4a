import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials

/// SD-JWT disclosures and payload processing against the RFC 9901 (draft 22) examples
/// (`Fixtures/sd-jwt/`), and the refusals of security requirement 21.
@Suite("SD-JWT disclosures and processing")
struct SDJWTTests {
    static let vectors = try! Fixtures.json("sd-jwt/sd-jwt-spec-draft22-vectors.json")

    struct DisclosureVector: Sendable, CustomTestStringConvertible {
        let value: JSONValue
        var testDescription: String { "\(value["section"]!.stringValue!) \(value["claimName"]?.stringValue ?? "[array element]")" }
    }

    static let disclosures = (vectors["disclosures"]!.arrayValue! + vectors["section4_2_examples"]!.arrayValue!).map(DisclosureVector.init)

    @Test("Every disclosure of the spec parses to its salt, name and value, with its SHA-256 digest", arguments: disclosures)
    func disclosure(_ vector: DisclosureVector) throws {
        let parsed = try Disclosure(parsing: vector.value["disclosure"]!.stringValue!)
        #expect(parsed.salt == vector.value["salt"]!.stringValue!)
        #expect(parsed.claimName == vector.value["claimName"]?.stringValue)
        #expect(parsed.value == (vector.value["claimValue"] ?? vector.value["arrayElement"]!))
        #expect(parsed.digest() == vector.value["sha256Digest"]!.stringValue!)
    }

    @Test("87 + 5 disclosures were read") func count() { #expect(Self.disclosures.count == 92) }

    static let processed = vectors["compactExamples"]!.arrayValue!.filter { $0["expectedProcessedPayload"] != nil }

    @Test("The spec's SD-JWTs process to their expected payloads", arguments: 0..<5)
    func processing(_ index: Int) throws {
        let example = Self.processed[index]
        let parts = example["compact"]!.stringValue!.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        let jwt = parts[0].split(separator: ".").map(String.init)
        let payload = try JSONValue(parsing: Base64URL.decode(jwt[1])).objectValue!
        #expect(JSONValue.object(payload) == example["issuerJwtPayload"]!)
        // Disclosures sit between the first and the last '~'; a key-binding JWT, if any, after it.
        let disclosures = try parts.dropFirst().dropLast().map { try Disclosure(parsing: $0) }
        #expect(disclosures.count == Int(example["disclosureCount"]!.numberValue!.int64Value!))
        let claims = try SDJWTProcessor.process(payload: payload, disclosures: disclosures)
        #expect(JSONValue.object(claims) == example["expectedProcessedPayload"]!, "\(JSONValue.object(claims).prettyString)")
    }

    @Test("Five examples with expected payloads exist") func processedCount() { #expect(Self.processed.count == 5) }

    @Test("Refusals: duplicate digests, unreferenced or repeated disclosures, forbidden names, collisions, wrong arity, hash algorithm")
    func refusals() throws {
        let given = Disclosure(claimName: "given_name", value: "An")
        let element = Disclosure(claimName: nil, value: "VN")
        #expect(given.salt.count >= 22)  // 16 random bytes, base64url
        #expect(Disclosure(claimName: "a", value: 1).salt != Disclosure(claimName: "a", value: 1).salt)
        func payload(_ json: String) throws -> JSONObject { try JSONValue(parsing: json).objectValue! }
        let sd = "[\"\(given.digest())\"]"
        // The happy path, and a decoy digest that matches nothing.
        let ok = try SDJWTProcessor.process(payload: payload(#"{"_sd":\#(sd.dropLast()),"decoy"],"nat":[{"...":"\#(element.digest())"},{"...":"x"}],"_sd_alg":"sha-256"}"#),
                                            disclosures: [given, element])
        #expect(JSONValue.object(ok) == (try JSONValue(parsing: #"{"nat":["VN"],"given_name":"An"}"#)))
        let cases: [(String, [Disclosure], String)] = [
            (#"{"_sd":\#(sd),"a":{"_sd":\#(sd)}}"#, [given], "duplicateDigest"),
            (#"{"_sd":\#(sd)}"#, [given, given], "duplicateDigest"),
            (#"{"_sd":[]}"#, [given], "unreferencedDisclosure"),
            (#"{"_sd":\#(sd),"given_name":"X"}"#, [given], "claimCollision"),
            (#"{"_sd":["\#(element.digest())"]}"#, [element], "invalidDisclosure"),
            (#"{"a":[{"...":"\#(given.digest())"}]}"#, [given], "invalidDisclosure"),
            (#"{"_sd":\#(sd),"_sd_alg":"sha-384"}"#, [given], "unsupportedHashAlgorithm"),
            (#"{"_sd":"\#(given.digest())"}"#, [given], "invalidSDPayload"),
            (#"{"a":[{"...":"x","b":1}]}"#, [], "invalidSDPayload"),
        ]
        for (json, disclosures, code) in cases {
            do {
                _ = try SDJWTProcessor.process(payload: payload(json), disclosures: disclosures)
                Issue.record("processed: \(json)")
            } catch {
                #expect((error as? VCError)?.code.rawValue == code, "\(json): \(error)")
            }
        }
        // Disclosures that may not exist.
        for bad in [#"["s","_sd","x"]"#, #"["s","...","x"]"#, #"["s"]"#, #"["s","a","b","c"]"#, #"[1,"a","b"]"#, #"["s",2,"b"]"#, #"{"a":1}"#] {
            #expect(throws: VCError(.invalidDisclosure, "")) { try Disclosure(parsing: Base64URL.encode(Array(bad.utf8))) }
        }
        #expect(throws: VCError(.duplicateKey, "")) { try Disclosure(parsing: Base64URL.encode(Array(#"["s","a",{"k":1,"k":2}]"#.utf8))) }
        #expect(throws: VCError(.invalidDisclosure, "")) { try Disclosure(parsing: "WyJzIiwiYSIsMV0=") }
        // Recursive disclosures: a disclosed object that itself has _sd.
        let inner = Disclosure(claimName: "locality", value: "Hà Nội")
        let outer = Disclosure(claimName: "address", value: .object(try payload(#"{"_sd":["\#(inner.digest())"],"country":"VN"}"#)))
        let nested = try SDJWTProcessor.process(payload: payload(#"{"_sd":["\#(outer.digest())"]}"#), disclosures: [outer, inner])
        #expect(nested["address"]?["locality"]?.stringValue == "Hà Nội" && nested["address"]?["country"]?.stringValue == "VN")
    }
}
