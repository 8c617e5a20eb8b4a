import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// NDA's ecdsa-rdfc-2019 dialect (security requirement 45, decision 0028): the real testnet
/// credential verifies offline by key recovery, each deviation is its own warning, and every
/// tampered copy fails.
@Suite("did:nda — NDA Data Integrity dialect")
struct NDADialectTests {
    static let expected = try! Fixtures.json("did-nda/expected.json")

    @Test("Go %v of every number in the vectors' table", arguments: expected["goPercentV"]!["table"]!.arrayValue!.filter { $0["jsonNumber"]?.stringValue != "true" })
    func goPercentV(row: JSONValue) throws {
        let number = try #require(JSONNumber(text: row["jsonNumber"]!.stringValue!))
        let want = row["goPercentV"]!.stringValue!
        if number.hasExactCanonicalForm {
            #expect(try GoNumberFormat.percentV(number) == want)
        } else {
            // A number whose double is not its value is refused rather than signed as another value.
            #expect(throws: VCError(.numberNotIJSON, "")) { try GoNumberFormat.percentV(number) }
            #expect(GoNumberFormat.percentV(number.doubleValue) == want)
        }
    }

    @Test("The dialect example's N-Quads and digest, and the credential's")
    func canonicalForms() throws {
        let example = Self.expected["dialectExample"]!
        var hasNumbers = false
        let rewritten = try NDADataIntegrity.rewrite(example["document"]!, hasNumbers: &hasNumbers)
        let nquads = try JSONLDProcessor(safeMode: true).canonicalize(rewritten).canonicalNQuads
        #expect(nquads == example["ndaDialectNquads"]!.stringValue!)
        #expect(hasNumbers)
        let digest = try NDADataIntegrity.signedDigest(of: example["document"]!.objectValue!, loader: PinnedContextLoader.bundled)
        #expect(Hex.encode(digest.digest) == example["ndaDialectSha256"]!.stringValue!)

        var credential = try NDATestSupport.credential()
        credential.removeValue(forKey: "proof")
        let signed = try NDADataIntegrity.signedDigest(of: credential, loader: PinnedContextLoader.bundled)
        #expect(Hex.encode(signed.digest) == Self.expected["credentials"]![0]!["canonical"]!["ndaDialectNquadsSha256"]!.stringValue!)
        #expect(Hex.encode(SHA256.hash(try Fixtures.bytes("did-nda/canonical/credential-nda-dialect.nq"))) == Hex.encode(signed.digest))
    }

    @Test("The testnet credential verifies offline, as NDA's dialect, with one warning per deviation")
    func verifiesOffline() async throws {
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.verified, "\(report.errors)")
        #expect(report.format == .dataIntegrityNDA)
        #expect(report.issuer == NDATestSupport.issuer)
        let codes = Set(report.warnings.map(\.code))
        #expect(codes == [.didDocumentNotConsulted, .ndaTestnetDID, .ndaUnsignedProofOptions, .ndaCurveNotInSuite, .ndaHexProofValue,
                          .ndaNumbersAsStrings, .statusNotChecked])
        #expect(report.checks.contains { $0.name == .proofSignedData && $0.passed })
        #expect(report.verificationTime == DateTimeStamp(NDATestSupport.insideWindow))
    }

    @Test("After validUntil the credential is expired: --at's clock decides")
    func expiredAfterWindow() async throws {
        let report = await NDATestSupport.offlineVerifier(at: NDATestSupport.afterExpiry).verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.errors.map(\.code) == [.expired])
    }

    /// Each tampered copy changes one thing the signature covers (or the signature itself).
    static let tamperings: [(String, @Sendable (inout JSONObject) -> Void)] = [
        ("salary", { $0["credentialSubject"] = setting($0["credentialSubject"]!, "salary", .number(JSONNumber(text: "50001")!)) }),
        ("name", { $0["credentialSubject"] = setting($0["credentialSubject"]!, "name", "Test Created") }),
        ("validUntil", { $0["validUntil"] = "2027-08-29T09:01:51Z" }),
        ("status index", { $0["credentialStatus"] = setting($0["credentialStatus"]!, "statusListIndex", "19") }),
        ("proofValue", { $0["proof"] = setting($0["proof"]!, "proofValue", .string("f" + $0["proof"]!["proofValue"]!.stringValue!.dropFirst())) }),
        ("another did:nda issuer", {
            let other = "did:nda:testnet:0x8b3b1dee8e00cb95f8b2a1d1a9a7cb8fe7d490ce"
            $0["issuer"] = .string(other)
            $0["proof"] = setting($0["proof"]!, "verificationMethod", .string(other + "#key-1"))
        }),
    ]

    static func setting(_ value: JSONValue, _ key: String, _ newValue: JSONValue) -> JSONValue {
        var object = value.objectValue!
        object[key] = newValue
        return .object(object)
    }

    @Test("Every tampered copy fails", arguments: 0..<tamperings.count)
    func tampered(index: Int) async throws {
        var credential = try NDATestSupport.credential()
        Self.tamperings[index].1(&credential)
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(!report.verified, "\(Self.tamperings[index].0)")
        #expect(report.errors.map(\.code) == [.invalidSignature], "\(Self.tamperings[index].0): \(report.errors)")
    }

    @Test("What the dialect cannot tell apart: 10.0 is 10, and the number 10 is the string \"10\" (hence ndaNumbersAsStrings)")
    func sameValueOtherText() async throws {
        var credential = try NDATestSupport.credential()
        credential["credentialSubject"] = Self.setting(credential["credentialSubject"]!, "age", .number(JSONNumber(text: "10.0")!))
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential)).verified)
        credential["credentialSubject"] = Self.setting(credential["credentialSubject"]!, "age", "10")
        let asString = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(asString.verified)
        // Said even when no number is left: the string may have been a number when it was signed.
        #expect(asString.warnings.contains { $0.code == .ndaNumbersAsStrings })
        credential["credentialSubject"] = Self.setting(credential["credentialSubject"]!, "age", .number(JSONNumber(text: "9007199254740993")!))
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(report.errors.map(\.code) == [.numberNotIJSON])
    }

    @Test("An algorithm allow-list without ES256K refuses the dialect (algorithmNotAllowed)")
    func allowList() async throws {
        var policy = NDATestSupport.policy()
        policy.allowedAlgorithms = [.eddsa, .es256]
        let report = await Verifier(policy: policy).verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.errors.map(\.code) == [.algorithmNotAllowed], "\(report.errors)")
    }

    @Test("The high-S twin verifies with ndaHighS; the 65-byte and multibase forms are refused")
    func signatureForms() async throws {
        let forms = Self.expected["credentials"]![0]!["derivedSignatureForms"]!
        var credential = try NDATestSupport.credential()
        credential["proof"] = Self.setting(credential["proof"]!, "proofValue", forms["proofValueHighS"]!)
        let highS = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(highS.verified)
        #expect(highS.warnings.contains { $0.code == .ndaHighS })
        let lowS = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(!lowS.warnings.contains { $0.code == .ndaHighS })

        credential["proof"] = Self.setting(credential["proof"]!, "proofValue", forms["proofValue65WithRecid"]!)
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential)).errors.map(\.code) == [.invalidProofValue])
        let original = try NDATestSupport.credential()["proof"]!["proofValue"]!.stringValue!
        credential["proof"] = Self.setting(credential["proof"]!, "proofValue", .string(Multibase.base58btc.encode(hexBytes(original))))
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential)).errors.map(\.code) == [.invalidProofValue])
    }

    @Test("A proof expires that has passed refuses, although the dialect does not sign it")
    func proofExpires() async throws {
        var credential = try NDATestSupport.credential()
        credential["proof"] = Self.setting(credential["proof"]!, "expires", "2025-12-31T00:00:00Z")
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential)).errors.map(\.code) == [.proofExpired])
        credential["proof"] = Self.setting(credential["proof"]!, "expires", "2026-12-31T00:00:00Z")
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential)).verified)
    }

    @Test("The policy can refuse the dialect altogether")
    func policyRefuses() async throws {
        var verifier = NDATestSupport.offlineVerifier()
        verifier.policy.allowsNDADialect = false
        let report = await verifier.verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.errors.map(\.code) == [.ndaDialectRefused])
        #expect(report.format == .dataIntegrityNDA)
    }

    @Test("No downgrade: a proof of a non-did:nda issuer is never read as the dialect, and a renamed NDA proof does not verify")
    func noDowngrade() async throws {
        // The same hex proof under a did:key issuer: the W3C suite's rules apply (or none), never NDA's.
        var credential = try NDATestSupport.credential()
        let didKey = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
        credential["issuer"] = .string(didKey)
        credential["proof"] = Self.setting(credential["proof"]!, "verificationMethod", .string(didKey + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"))
        let w3c = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(!w3c.verified)
        #expect(w3c.format != .dataIntegrityNDA)
        #expect(!w3c.warnings.contains { $0.code == .ndaUnsignedProofOptions })
        // The NDA proof relabelled as another suite is not the dialect and does not verify.
        for suite in ["eddsa-rdfc-2022", "ecdsa-jcs-2019"] {
            var renamed = try NDATestSupport.credential()
            renamed["proof"] = Self.setting(renamed["proof"]!, "cryptosuite", .string(suite))
            let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(renamed))
            #expect(!report.verified, "\(suite)")
            #expect(report.format != .dataIntegrityNDA)
        }
    }

    @Test("A presentation is never verified in the dialect: its challenge and domain would be unsigned")
    func presentationRefused() async throws {
        let (key, did) = try NDATestSupport.sdkKey()
        let presentation: JSONObject = ["@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": .string(did)]
        let signed = try NDATestSupport.signNDA(presentation, key: key, verificationMethod: did + "#key-1", purpose: "authentication")
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(signed))
        #expect(report.errors.map(\.code) == [.ndaDialectRefused])
    }

    @Test("An NDA credential inside a did:key holder's presentation verifies in the dialect: the challenge is the presentation's")
    func insidePresentation() async throws {
        let key = Ed25519.PrivateKey()
        let did = DIDKey.did(for: key.publicKey)
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        let presentation = Issuer.presentation(holder: did.description, credentials: [.object(try NDATestSupport.credential())])
        let token = try await Issuer.presentJOSE(presentation, challenge: "n-1", domain: "https://verifier.example", signer: signer)
        var verifier = NDATestSupport.offlineVerifier()
        verifier.policy.expectedChallenge = "n-1"
        verifier.policy.expectedDomain = "https://verifier.example"
        let report = await verifier.verifyPresentation(Array(token.utf8))
        #expect(report.verified, "\(report.errors) \(report.credentials.map(\.errors))")
        #expect(report.credentials.first?.format == .dataIntegrityNDA)
    }

    @Test("A legacy EcdsaSecp256k1Signature2019 proof carrying its own key is refused")
    func keyInProof() async throws {
        var credential = try NDATestSupport.credential()
        var proof = credential["proof"]!.objectValue!
        proof["type"] = "EcdsaSecp256k1Signature2019"
        proof.removeValue(forKey: "cryptosuite")
        proof["publicKeyHex"] = "02aba7148f05a8ca6809c942f8ddf342abe9e1a1ccb60ed004b5068634925d0fa9"
        credential["proof"] = .object(proof)
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(credential))
        #expect(report.errors.map(\.code) == [.keyInProof])
    }

    @Test("A credential this library signs in the dialect verifies, and the NDA SDK's own test key is the one recovered")
    func signedHere() async throws {
        let (key, did) = try NDATestSupport.sdkKey()
        let credential: JSONObject = [
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
            "type": ["VerifiableCredential"], "issuer": .string(did), "validFrom": "2025-08-29T09:01:51Z",
            "credentialSubject": ["id": "did:example:subject", "score": 1500000, "ratio": 0.5, "member": true],
        ]
        let signed = try NDATestSupport.signNDA(credential, key: key, verificationMethod: did + "#key-1")
        let report = await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(signed))
        #expect(report.verified, "\(report.errors)")
        #expect(!report.warnings.contains { $0.code == .ndaTestnetDID })
        // Signed by another key: no recovered key has the DID's address.
        let other = Secp256k1.PrivateKey()
        let forged = try NDATestSupport.signNDA(credential, key: other, verificationMethod: did + "#key-1")
        #expect(await NDATestSupport.offlineVerifier().verify(NDATestSupport.bytes(forged)).errors.map(\.code) == [.invalidSignature])
    }
}
