import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Security requirement 36: the depth of claims rebuilt from SD-JWT disclosures is bounded.
@Suite("SD-JWT: the depth of reconstructed claims is bounded")
struct SDJWTDepthTests {
    let issuer = TestParty(seed: 1)

    /// A payload whose `_sd` references the first of a chain of `length` disclosures: each
    /// disclosure's value is an object (with `arrays`, every other one an array) that references
    /// the next, and the last one's value is a string, so the rebuilt claims are `length`
    /// containers deep (the claims object is level 1). Salts come from a seeded generator.
    static func chain(length: Int, arrays: Bool = false, seed: UInt64 = 36) -> (payload: JSONObject, disclosures: [Disclosure]) {
        var generator = SeededGenerator(seed: seed)
        let salts = (0..<length).map { _ in Base64URL.encode(generator.bytes(16)) }
        func isArray(_ level: Int) -> Bool { arrays && level % 2 == 1 }
        var disclosures: [Disclosure] = []
        var value: JSONValue = "leaf"
        for level in stride(from: length - 1, through: 0, by: -1) {
            // An element of an array has no claim name (RFC 9901 §4.2.2).
            let named = level == 0 || !isArray(level - 1)
            let disclosure = Disclosure(claimName: named ? "c\(level)" : nil, value: value, salt: salts[level])
            disclosures.append(disclosure)
            if level > 0 {
                value = isArray(level - 1) ? .array([.object(["...": .string(disclosure.digest())])]) : .object(["_sd": [.string(disclosure.digest())]])
            }
        }
        let payload: JSONObject = ["iss": "did:example:issuer", "vct": "https://credentials.example/deep", "_sd": [.string(disclosures.last!.digest())]]
        return (payload, disclosures.reversed())
    }

    static func depth(_ value: JSONValue) -> Int {
        switch value {
        case .object(let object): 1 + (object.map { depth($0.value) }.max() ?? 0)
        case .array(let elements): 1 + (elements.map(depth).max() ?? 0)
        default: 0
        }
    }

    /// The code `body` fails with, `nil` when it succeeds (no dump of a deep result on failure).
    static func code(_ body: () throws(VCError) -> JSONObject) -> VCError.Code? {
        do throws(VCError) { _ = try body(); return nil } catch { return error.code }
    }

    @Test("A chain within the bound (64 levels, the JSON parser's limit) is rebuilt in full", arguments: [false, true])
    func withinBound(arrays: Bool) throws {
        let (payload, disclosures) = Self.chain(length: 64, arrays: arrays)
        #expect(disclosures.count == 64)
        let claims = try SDJWTProcessor.process(payload: payload, disclosures: disclosures)
        #expect(Self.depth(.object(claims)) == 64)
    }

    @Test("A chain one level deeper, or much deeper, is refused with complexityLimit", arguments: [65, 66, 300, 3000])
    func beyondBound(length: Int) throws {
        for arrays in [false, true] {
            let (payload, disclosures) = Self.chain(length: length, arrays: arrays)
            #expect(Self.code { () throws(VCError) in try SDJWTProcessor.process(payload: payload, disclosures: disclosures) } == .complexityLimit,
                    "\(length) arrays: \(arrays)")
        }
    }

    @Test("A caller may choose a smaller bound")
    func smallerBound() throws {
        let (payload, disclosures) = Self.chain(length: 5)
        #expect(Self.code { () throws(VCError) in try SDJWTProcessor.process(payload: payload, disclosures: disclosures, maximumDepth: 4) } == .complexityLimit)
        #expect(Self.depth(.object(try SDJWTProcessor.process(payload: payload, disclosures: disclosures, maximumDepth: 5))) == 5)
    }

    @Test("The verifier refuses a signed SD-JWT whose disclosures chain too deep, and reports no claims")
    func verifierRefusesDeepChain() async throws {
        for (length, verified) in [(64, true), (65, false), (2000, false)] {
            var (payload, disclosures) = Self.chain(length: length, seed: UInt64(length))
            payload["iss"] = .string(issuer.did.description)
            let header: JSONObject = ["alg": "EdDSA", "typ": "dc+sd-jwt", "kid": .string(issuer.signer.verificationMethodId)]
            let jwt = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(payload)), signer: issuer.signer)
            let sdJWT = ([jwt] + disclosures.map(\.encoded)).joined(separator: "~") + "~"
            let report = await Verifier().verify(sdJWT)
            #expect(report.verified == verified, "\(length): \(report.errors)")
            if !verified {
                #expect(report.errors.map(\.code) == [.complexityLimit], "\(length)")
                let hasDocument = report.document != nil
                #expect(!hasDocument, "\(length)")
            }
        }
    }

    func signed(_ payload: JSONObject, _ disclosures: [Disclosure]) async throws -> String {
        var payload = payload
        payload["iss"] = .string(issuer.did.description)
        let header: JSONObject = ["alg": "EdDSA", "typ": "dc+sd-jwt", "kid": .string(issuer.signer.verificationMethodId)]
        let jwt = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(payload)), signer: issuer.signer)
        return ([jwt] + disclosures.map(\.encoded)).joined(separator: "~") + "~"
    }

    func presentationCode(_ sdJWT: String) async -> VCError.Code? {
        do throws(VCError) {
            _ = try await SDJWT.present(sdJWT, disclose: ["c0"], audience: "https://verifier.example", nonce: "n", holder: TestParty(seed: 2).signer)
            return nil
        } catch { return error.code }
    }

    @Test("The holder's presentation walks the same bound: a chain too deep is refused, one within it is presented")
    func presentationRefusesDeepChain() async throws {
        let (inside, insideDisclosures) = Self.chain(length: 64)
        #expect(await presentationCode(try await signed(inside, insideDisclosures)) == nil)
        let (payload, disclosures) = Self.chain(length: 65, arrays: true)
        #expect(await presentationCode(try await signed(payload, disclosures)) == .complexityLimit)
    }

    /// Each disclosure's `_sd` names the next one twice: walked naively, the chain costs 2^length.
    @Test("The holder's presentation refuses a digest referenced twice instead of walking it again")
    func presentationRefusesRepeatedDigests() async throws {
        var generator = SeededGenerator(seed: 2)
        var disclosures: [Disclosure] = []
        var value: JSONValue = "leaf"
        for level in stride(from: 21, through: 0, by: -1) {
            let disclosure = Disclosure(claimName: "c\(level)", value: value, salt: Base64URL.encode(generator.bytes(16)))
            disclosures.append(disclosure)
            value = ["_sd": [.string(disclosure.digest()), .string(disclosure.digest())]]
        }
        let payload: JSONObject = ["vct": "https://credentials.example/deep", "_sd": [.string(disclosures.last!.digest())]]
        let sdJWT = try await signed(payload, disclosures.reversed())
        #expect(await presentationCode(sdJWT) == .duplicateDigest)
        #expect(await Verifier().verify(sdJWT).errors.map(\.code) == [.duplicateDigest])
    }
}
