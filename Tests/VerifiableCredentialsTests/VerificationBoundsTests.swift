import DIDCore
import Foundation
import StrictJSON
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// Issue 12 §4 and security requirement 36: every cost the input decides is bounded, and nothing
/// that was not checked passes as valid — status entries, the clock skew, key-binding JWTs.
@Suite("Bounded work: status entries and lists, clock skew, key-binding JWTs")
struct VerificationBoundsTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)
    let listURL = "https://issuer.example/status/7"

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    /// Counts how often each list is asked for.
    final class CountingProvider: StatusListProvider, @unchecked Sendable {
        let lists: [String: [UInt8]]
        private let lock = NSLock()
        private var counts: [String: Int] = [:]

        init(lists: [String: [UInt8]]) { self.lists = lists }

        func statusListCredential(at url: String) async throws -> [UInt8] {
            lock.withLock { counts[url, default: 0] += 1 }
            guard let bytes = lists[url] else { throw StaticStatusListProvider.NotFound(url: url) }
            return bytes
        }

        var fetches: Int { lock.withLock { counts.values.reduce(0, +) } }
    }

    func listCredential(_ list: BitstringStatusList, id: String? = nil) async throws -> [UInt8] {
        var credential = Issuer.credential(issuer: issuer.did.description,
                                           subject: ["id": .string("\(listURL)#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
                                                     "encodedList": .string(list.encodedList)],
                                           types: ["BitstringStatusListCredential"], id: id ?? listURL, validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)))
        credential["id"] = .string(id ?? listURL)
        return Array(try await Issuer.issueJOSE(.object(credential), signer: issuer.signer).utf8)
    }

    func entry(_ index: Int, size: JSONValue? = nil, type: String = "BitstringStatusListEntry") -> JSONValue {
        var entry: JSONObject = ["type": .string(type), "statusPurpose": "revocation", "statusListIndex": .string(String(index)),
                                 "statusListCredential": .string(listURL)]
        if let size { entry["statusSize"] = size }
        return .object(entry)
    }

    func credential(status: JSONValue) async throws -> String {
        var json = issuer.credential().objectValue!
        json["credentialStatus"] = status
        return try await Issuer.issueJOSE(.object(json), signer: issuer.signer)
    }

    @Test("Every status entry on one list costs one fetch and verification; a batch sharing a session too; over 32 entries is complexityLimit")
    func statusEntriesMemoised() async throws {
        var list = BitstringStatusList()
        try list.setStatus(1, at: 31)
        let provider = CountingProvider(lists: [listURL: try await listCredential(list)])
        let verifier = Verifier(statusLists: provider)
        let many = try await credential(status: .array((0..<30).map { entry($0) }))
        #expect(await verifier.verify(many).verified)
        #expect(provider.fetches == 1)
        // The revoked entry among many is still found.
        #expect(codes(await verifier.verify(try await credential(status: .array((0..<32).map { entry($0) })))) == ["revoked"])
        #expect(provider.fetches == 2)
        // Too many entries: refused before any is looked up.
        let tooMany = await verifier.verify(try await credential(status: .array((0..<33).map { entry($0) })))
        #expect(codes(tooMany) == ["complexityLimit"] && provider.fetches == 2)
        // A batch sharing one session: one fetch for every credential.
        var batch = verifier
        batch.session = VerificationSession()
        for index in 100..<110 { #expect(await batch.verify(try await credential(status: entry(index))).verified) }
        #expect(provider.fetches == 3)
    }

    @Test("An entry of a type that is not checked (StatusList2021Entry) is a statusNotChecked warning, never silently valid")
    func unknownEntryType() async throws {
        let provider = StaticStatusListProvider(lists: [listURL: try await listCredential(BitstringStatusList())])
        let report = await Verifier(statusLists: provider).verify(try await credential(status: entry(5, type: "StatusList2021Entry")))
        #expect(report.verified && report.warnings.map(\.code) == [.statusNotChecked], "\(report.jsonValue.prettyString)")
    }

    @Test("A fetched list whose id is not the URL it was obtained from is refused")
    func listIdMustMatchURL() async throws {
        let elsewhere = try await listCredential(BitstringStatusList(), id: "https://issuer.example/status/other")
        let report = await Verifier(statusLists: StaticStatusListProvider(lists: [listURL: elsewhere])).verify(try await credential(status: entry(5)))
        #expect(codes(report) == ["invalidStatusList"], "\(report.jsonValue.prettyString)")
    }

    @Test("statusSize must be a number from 1 to 8; statusListIndex decimal digits", arguments: [
        JSONValue.string("1"), .number(JSONNumber(0)), .number(JSONNumber(9)), .number(JSONNumber(text: "1.5")!), .bool(true),
    ])
    func statusSizeIsANumber(_ size: JSONValue) async throws {
        let provider = StaticStatusListProvider(lists: [listURL: try await listCredential(BitstringStatusList())])
        let report = await Verifier(statusLists: provider).verify(try await credential(status: entry(5, size: size)))
        #expect(codes(report) == ["invalidStatusList"], "\(size.compactString): \(report.jsonValue.prettyString)")
        var signedIndex = entry(5).objectValue!
        signedIndex["statusListIndex"] = "+5"
        #expect(codes(await Verifier(statusLists: provider).verify(try await credential(status: .object(signedIndex)))) == ["invalidStatusList"])
    }

    @Test("A clock skew that is NaN, infinite, negative or over a day is refused (it would turn the time checks off)",
          arguments: [Double.nan, .infinity, -1, 86_401, -.infinity])
    func clockSkewBounded(_ skew: Double) async throws {
        let expired = try await Issuer.issueJOSE(issuer.credential(validUntil: Date(timeIntervalSince1970: 1_700_000_100)), signer: issuer.signer)
        var policy = VerificationPolicy()
        policy.clockSkew = skew
        let report = await Verifier(policy: policy).verify(expired)
        #expect(codes(report) == ["invalidPolicy"] && !report.verified)
        policy.clockSkew = 86_400
        #expect(codes(await Verifier(policy: policy).verify(expired)) == ["expired"])
    }

    /// An SD-JWT bound to the holder's key, presented with a KB-JWT whose payload is `kbPayload`
    /// (raw bytes, so that a duplicate member can be written).
    func presentation(kbPayload: (String) -> String) async throws -> String {
        let sdJWT = try await SDJWT.issue(claims: ["given_name": "An"], disclosable: ["given_name"], vct: "https://credentials.example/pid",
                                          issuer: issuer.did.description, holderKey: JWK(ed25519: holder.key.publicKey), signer: issuer.signer)
        let hash = Base64URL.encode(SHA256.hash(Array(sdJWT.utf8)))
        let kb = try await CompactJWS.sign(header: ["alg": "EdDSA", "typ": "kb+jwt"], payload: Array(kbPayload(hash).utf8), signer: holder.signer)
        return sdJWT + kb
    }

    @Test("A KB-JWT with a duplicate member is duplicateKey; its exp is honoured")
    func keyBindingJWT() async throws {
        let now = Int(Date().timeIntervalSince1970)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-1"
        policy.expectedDomain = "https://verifier.example"
        let verifier = Verifier(policy: policy)
        let good = try await presentation { #"{"iat":\#(now),"aud":"https://verifier.example","nonce":"n-1","sd_hash":"\#($0)","exp":\#(now + 60)}"# }
        #expect(await verifier.verify(good).verified)
        let duplicate = try await presentation {
            #"{"iat":\#(now),"aud":"https://verifier.example","nonce":"other","nonce":"n-1","sd_hash":"\#($0)"}"#
        }
        #expect(codes(await verifier.verify(duplicate)) == ["duplicateKey"])
        let expired = try await presentation { #"{"iat":\#(now - 200),"aud":"https://verifier.example","nonce":"n-1","sd_hash":"\#($0)","exp":\#(now - 100)}"# }
        var strict = policy
        strict.clockSkew = 0
        #expect(codes(await Verifier(policy: strict).verify(expired)) == ["expired"])
    }

    @Test("A proof set is bounded (8), each proof given once; verification stops at the first failing proof")
    func proofSetBounded() async throws {
        let document = issuer.credential().objectValue!
        let signed = try await Issuer.issueDataIntegrity(.object(document), signer: issuer.signer).objectValue!
        var many = signed
        many["proof"] = .array((0..<9).map { index in
            var proof = signed["proof"]!.objectValue!
            proof["id"] = .string("urn:uuid:proof-\(index)")
            return .object(proof)
        })
        #expect(codes(await Verifier().verify(JSONSerializer().serialize(.object(many)))) == ["complexityLimit"])
        var repeated = signed
        repeated["proof"] = [signed["proof"]!, signed["proof"]!]
        #expect(codes(await Verifier().verify(JSONSerializer().serialize(.object(repeated)))) == ["malformedProof"])
    }

    @Test("Distinct status lists per verification are bounded (16; a batch passes its own bound); credentials per presentation too (64)")
    func statusListsAndCredentialsBounded() async throws {
        let urls = (0..<17).map { "https://issuer.example/status/list-\($0)" }
        let entries: [JSONValue] = urls.map { url in
            ["type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "1", "statusListCredential": .string(url)]
        }
        let provider = CountingProvider(lists: [:])
        let report = await Verifier(statusLists: provider).verify(try await credential(status: .array(entries)))
        #expect(report.errors.map(\.code).contains(.complexityLimit) && provider.fetches == 16, "\(codes(report))")
        let credential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let presentation = Issuer.presentation(holder: holder.did.description, credentials: Array(repeating: .string(credential), count: 65))
        let vp = try await Issuer.presentJOSE(presentation, challenge: nil, domain: nil, signer: holder.signer)
        let vpReport = await Verifier().verify(vp)
        #expect(codes(vpReport) == ["complexityLimit"] && vpReport.credentials.isEmpty)
    }

    @Test("An SD-JWT whose reserved claims (exp, status, …) come as disclosures is refused: the checks read the signed payload")
    func reservedClaimsNotDisclosable() async throws {
        let past = Int(Date().timeIntervalSince1970) - 30 * 86_400
        // An issuer (not this library's, which refuses to make these disclosable) that hides exp and status.
        let exp = Disclosure(claimName: "exp", value: .number(JSONNumber(past)), salt: "s1")
        let status = Disclosure(claimName: "status", value: ["status_list": ["idx": 1, "uri": "https://issuer.example/tsl"]], salt: "s2")
        let payload: JSONObject = ["iss": .string(issuer.did.description), "vct": "https://credentials.example/pid", "_sd_alg": "sha-256",
                                   "_sd": [.string(exp.digest(.sha256)), .string(status.digest(.sha256))]]
        let jwt = try await CompactJWS.sign(header: ["alg": "EdDSA", "typ": "dc+sd-jwt", "kid": .string(issuer.signer.verificationMethodId)],
                                            payload: JSONSerializer().serialize(.object(payload)), signer: issuer.signer)
        for disclosures in [[exp], [status], [exp, status]] {
            let report = await Verifier().verify(jwt + "~" + disclosures.map(\.encoded).joined(separator: "~") + "~")
            #expect(codes(report) == ["invalidDisclosure"], "\(report.jsonValue.prettyString)")
        }
    }
}
